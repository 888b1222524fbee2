#!/usr/bin/env bash
# Underpass benchmarks: Underpass (TLS and plain) side by side with direct TCP, `ssh -L` and an ssh bastion, plus
# scale tests and JMH, all on 127.0.0.1 of this machine in one run; writes docs/BENCHMARKS.md.
# See bench/README.md. Usage: bench/run.sh [--full | --quick] [options]; bench/run.sh --help lists them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"
BENCH_JAR="$BENCH/target/underpass-bench.jar"
SERVER_JAR="$ROOT/server/target/underpass-server.jar"
PROXY_JAR="$ROOT/localproxy/target/underpass-localproxy.jar"
COMMAND="bench/run.sh${*:+ $*}"

# ---- options (defaults: the default run, about 10 minutes on 2 cores)
ROUNDS=3 MB=256 STREAMS=8 MB_PER_STREAM=64 PINGS=10000 PING_WARMUP=2000
IDLE_TUNNELS=1000 IDLE_HOLD=0 OPEN_CALLS=2000 OPEN_THREADS=8 OPEN_WARMUP=500
RUN_JMH=1 RUN_PG=1 RUN_PROFILE=1 RUN_SCALE=1 REBUILD=0 KEEP=0
JMH_ARGS="-f 1 -wi 2 -w 1s -i 3 -r 1s -prof gc"
OUT="$ROOT/docs/BENCHMARKS.md"
ANALYSIS="$BENCH/analysis.md"

usage() {
  cat <<USAGE
usage: bench/run.sh [--full | --quick] [options]
  --full               5 rounds, 512 MB transfers, 10,000 idle tunnels (capped by the open-files limit) held 70 s
  --quick              1 round, small transfers, 100 idle tunnels, no JMH, no PostgreSQL (for trying the script)
  --rounds N           rounds of the side-by-side comparison (default $ROUNDS)
  --mb N               MB of the one-stream transfer (default $MB)
  --mb-per-stream N    MB of each of the $STREAMS parallel streams (default $MB_PER_STREAM)
  --pings N            measured 64-byte round trips per latency test (default $PINGS)
  --idle-tunnels N     idle tunnels for the scale test (default $IDLE_TUNNELS)
  --hold-seconds N     keep the idle tunnels open this long before closing them (default $IDLE_HOLD)
  --open-calls N       OpenTunnel calls per database and client (default $OPEN_CALLS; each client first makes
                       $OPEN_WARMUP calls of warm-up, 200 with --quick)
  --no-jmh | --no-postgres | --no-profile | --no-scale   skip a part
  --rebuild            run 'mvn -q -DskipTests install -pl server,localproxy,bench -am' even if the jars exist
  --keep               keep the work directory (raw results, logs, JFR recordings) and print its path
  --out FILE           write the report here (default docs/BENCHMARKS.md)
USAGE
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --full) ROUNDS=5 MB=512 MB_PER_STREAM=128 IDLE_TUNNELS=10000 IDLE_HOLD=70; shift ;;
    --quick) ROUNDS=1 MB=64 MB_PER_STREAM=8 PINGS=2000 PING_WARMUP=500 IDLE_TUNNELS=100 OPEN_CALLS=300
             OPEN_WARMUP=200 RUN_JMH=0 RUN_PG=0; shift ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --mb) MB="$2"; shift 2 ;;
    --mb-per-stream) MB_PER_STREAM="$2"; shift 2 ;;
    --pings) PINGS="$2"; shift 2 ;;
    --idle-tunnels) IDLE_TUNNELS="$2"; shift 2 ;;
    --hold-seconds) IDLE_HOLD="$2"; shift 2 ;;
    --open-calls) OPEN_CALLS="$2"; shift 2 ;;
    --no-jmh) RUN_JMH=0; shift ;;
    --no-postgres) RUN_PG=0; shift ;;
    --no-profile) RUN_PROFILE=0; shift ;;
    --no-scale) RUN_SCALE=0; shift ;;
    --rebuild) REBUILD=1; shift ;;
    --keep) KEEP=1; shift ;;
    --out) OUT="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
for n in "$ROUNDS" "$MB" "$MB_PER_STREAM" "$PINGS" "$IDLE_TUNNELS" "$IDLE_HOLD" "$OPEN_CALLS"; do
  [[ "$n" =~ ^[0-9]+$ ]] || { echo "bench: '$n' is not a whole number" >&2; exit 2; }
done

say() { echo "bench: $*" >&2; }
START_SECONDS=$SECONDS

# ---- everything started here is stopped on exit, whatever happens
WORK="$(mktemp -d /tmp/underpass-bench.XXXXXX)"
STARTED=()   # PIDs, in start order
declare -A NAMED=()   # name -> PID

# The PID and every descendant of it, children first (sshd sessions, postgres under its JVM).
tree_of() {
  local pid="$1" child
  for child in $(pgrep -P "$pid" 2>/dev/null || true); do tree_of "$child"; done
  echo "$pid"
}

# TERM a process with its descendants, KILL what is left after 10 s.
stop_tree() {
  local pids i
  pids="$(tree_of "$1" | tr '\n' ' ')"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    # shellcheck disable=SC2086
    kill -0 $pids 2>/dev/null || return 0
    sleep 0.1
  done
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

cleanup() {
  local status=$? i
  trap - EXIT INT TERM
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do stop_tree "${STARTED[$i]}"; done
  if [[ $status -eq 0 && $KEEP -eq 0 ]]; then
    rm -rf "$WORK"
  elif [[ $status -eq 0 ]]; then
    say "raw results kept in $WORK"
    say "re-render: java -cp $BENCH_JAR dev.underpass.bench.Report $WORK OUT.md [ANALYSIS.md]"
  else
    say "failed (exit $status); logs kept in $WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME COMMAND...: runs in the background, output in $WORK/NAME.log.
start() {
  local name="$1"; shift
  "$@" >"$WORK/$name.log" 2>&1 </dev/null &
  STARTED+=("$!")
  NAMED[$name]=$!
}

forget() {
  local i
  for i in "${!STARTED[@]}"; do [[ "${STARTED[$i]}" != "$1" ]] || unset "STARTED[$i]"; done
  STARTED=("${STARTED[@]}")
}

stop() {
  local name="$1" pid
  pid="${NAMED[$name]:-}"
  [[ -n "$pid" ]] || return 0
  stop_tree "$pid"
  unset "NAMED[$name]"
  forget "$pid"
}

# run COMMAND...: a foreground step, run as a tracked child so that Ctrl-C or a TERM stops it at once (bash runs
# traps only between commands, and 'wait' is interruptible where a foreground command is not).
run() {
  local pid status=0
  "$@" </dev/null &
  pid=$!
  STARTED+=("$pid")
  wait "$pid" || status=$?
  forget "$pid"
  return "$status"
}

# await_line NAME REGEX SECONDS: waits for a line in NAME's log, prints the first capture group (or the line).
await_line() {
  local name="$1" regex="$2" seconds="$3" i line
  for ((i = 0; i < seconds * 10; i++)); do
    line="$(grep -m1 -E "$regex" "$WORK/$name.log" 2>/dev/null || true)"
    if [[ -n "$line" ]]; then
      if [[ "$line" =~ $regex ]] && [[ -n "${BASH_REMATCH[1]:-}" ]]; then
        echo "${BASH_REMATCH[1]}"
      else
        echo "$line"
      fi
      return 0
    fi
    if ! kill -0 "${NAMED[$name]}" 2>/dev/null; then
      say "$name exited before it was ready; its log:"; tail -20 "$WORK/$name.log" >&2; return 1
    fi
    sleep 0.1
  done
  say "$name was not ready after $seconds s; its log:"; tail -20 "$WORK/$name.log" >&2
  return 1
}

listening() { ss -Htln "sport = :$1" 2>/dev/null | grep -q .; }

# await_port PORT SECONDS
await_port() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do listening "$1" && return 0; sleep 0.1; done
  say "nothing listens on 127.0.0.1:$1 after $2 s"; return 1
}

# A free port below the ephemeral range, so no outgoing connection takes it meanwhile.
free_port() {
  local i p
  for ((i = 0; i < 100; i++)); do
    p=$((20000 + RANDOM % 12000))
    listening "$p" || { echo "$p"; return 0; }
  done
  say "no free port found"; return 1
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
note_load() { printf '%s\t%s\n' "$1" "$(loadavg)" >>"$WORK/loads.tsv"; }
env_kv() { printf '%s\t%s\n' "$1" "$2" >>"$WORK/env.tsv"; }

note_load "at the start"

# ---- build what is missing
if [[ $REBUILD -eq 1 || ! -f "$SERVER_JAR" || ! -f "$PROXY_JAR" ]]; then
  say "building the server, the local proxy and the bench (mvn -q -DskipTests install -pl server,localproxy,bench -am) ..."
  (cd "$ROOT" && mvn -q -B -DskipTests install -pl server,localproxy,bench -am)
fi
if [[ ! -f "$BENCH_JAR" || -n "$(find "$BENCH/src" "$BENCH/pom.xml" -newer "$BENCH_JAR" -type f -print -quit)" ]]; then
  say "building the bench module ..."
  if ! (cd "$BENCH" && mvn -q -B -DskipTests package); then
    say "the bench module needs the other modules installed; building them first ..."
    (cd "$ROOT" && mvn -q -B -DskipTests install -pl server,localproxy,bench -am)
    (cd "$BENCH" && mvn -q -B -DskipTests package)
  fi
fi

# The JVM options the launcher gives the server and the local proxies (its defaults, so RSS is what users get).
launcher_opts() {
  sed -n "s/.*\${$1:-\([^}]*\)}.*/\1/p" "$ROOT/underpass" | head -1
}
SERVER_OPTS="$(launcher_opts UNDERPASS_SERVER_JAVA_OPTS)"; SERVER_OPTS="${SERVER_OPTS:--Xmx1g}"
# The local proxies' options come from conf/jvm/localproxy.options (one flag per line, # comments), the one file the
# launcher is to read too; UNDERPASS_PROXY_JAVA_OPTS replaces them, as it does for the launcher.
PROXY_OPTIONS_FILE="$ROOT/conf/jvm/localproxy.options"
[[ -n "${UNDERPASS_PROXY_JAVA_OPTS:-}" || -f "$PROXY_OPTIONS_FILE" ]] ||
  { say "missing $PROXY_OPTIONS_FILE (the local proxy's JVM options)"; exit 1; }
jvm_options_file() { sed -e 's/#.*//' "$1" | tr -s ' \t\n' ' ' | sed -e 's/^ //' -e 's/ $//'; }
PROXY_OPTS="${UNDERPASS_PROXY_JAVA_OPTS:-$(jvm_options_file "$PROXY_OPTIONS_FILE")}"
LOAD=(java -Xmx2g -cp "$BENCH_JAR" dev.underpass.bench.Load)
read -r -a SERVER_JVM <<<"$SERVER_OPTS"
read -r -a PROXY_JVM <<<"$PROXY_OPTS"

# ---- the record of where and how this run happened
{
  env_kv commit "$(git -C "$ROOT" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)"
  env_kv subject "$(git -C "$ROOT" log -1 --format=%s 2>/dev/null | cut -c1-100 || true)"
  changed="$(git -C "$ROOT" status --porcelain 2>/dev/null | wc -l)"
  jars="jars built: server $(date -u -r "$SERVER_JAR" +%FT%TZ), localproxy $(date -u -r "$PROXY_JAR" +%FT%TZ)"
  if [[ $changed -eq 0 ]]; then
    env_kv tree "clean; $jars"
  else
    env_kv tree "$changed paths modified or untracked (others work in this checkout); $jars"
  fi
  env_kv date "$(date -u +%FT%TZ)"
  env_kv command "$COMMAND"
  env_kv nproc "$(nproc)"
  env_kv cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  env_kv mem "$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  env_kv kernel "Linux $(uname -r)"
  env_kv java "$(java -version 2>&1 | sed -n 2p)"
  env_kv server_opts "$SERVER_OPTS"
  env_kv proxy_opts "$PROXY_OPTS"
  env_kv rounds "$ROUNDS"; env_kv mb "$MB"; env_kv streams "$STREAMS"; env_kv mb_per_stream "$MB_PER_STREAM"
  env_kv pings "$PINGS"
}

# ---- the target service
start target "${LOAD[@]}" serve --port 0 --max-seconds 7200
TARGET_PORT="$(await_line target 'target listening on 127\.0\.0\.1:([0-9]+)' 60)"
TARGET_PID="${NAMED[target]}"

# ---- a private sshd on loopback, with generated keys; ssh -L and the bastion through it
if [[ ! -x /usr/sbin/sshd || ! -x "$(command -v ssh || true)" ]]; then
  say "installing openssh-server and openssh-client (apt-get) ..."
  [[ $(id -u) -eq 0 ]] || { say "sshd is missing; installing it needs root: apt-get install openssh-server"; exit 1; }
  apt_install() { DEBIAN_FRONTEND=noninteractive apt-get install -y -q openssh-server openssh-client >/dev/null; }
  apt_install || { apt-get update -q >/dev/null && apt_install; }
fi
[[ $(id -u) -ne 0 || -d /run/sshd ]] || mkdir -p /run/sshd   # sshd's privilege-separation directory
SSH_DIR="$WORK/ssh"; mkdir -m 700 "$SSH_DIR"
ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/host_key"
ssh-keygen -q -t ed25519 -N '' -f "$SSH_DIR/client_key"
cp "$SSH_DIR/client_key.pub" "$SSH_DIR/authorized_keys"
SSHD_PORT="$(free_port)"
cat >"$SSH_DIR/sshd_config" <<CONF
Port $SSHD_PORT
ListenAddress 127.0.0.1
HostKey $SSH_DIR/host_key
PidFile $SSH_DIR/sshd.pid
AuthorizedKeysFile $SSH_DIR/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PermitRootLogin prohibit-password
AllowTcpForwarding yes
GatewayPorts no
X11Forwarding no
PrintMotd no
LogLevel ERROR
CONF
/usr/sbin/sshd -t -f "$SSH_DIR/sshd_config"
start sshd /usr/sbin/sshd -D -e -f "$SSH_DIR/sshd_config"
await_port "$SSHD_PORT" 30
SSH=(ssh -N -F /dev/null -i "$SSH_DIR/client_key" -p "$SSHD_PORT" -o BatchMode=yes -o StrictHostKeyChecking=no
     -o UserKnownHostsFile="$SSH_DIR/known_hosts" -o ExitOnForwardFailure=yes -o ControlMaster=no)
SSH_USER="$(id -un)"
SSH_L_PORT="$(free_port)"
start ssh-L "${SSH[@]}" -v -L "127.0.0.1:$SSH_L_PORT:127.0.0.1:$TARGET_PORT" "$SSH_USER@127.0.0.1"
await_port "$SSH_L_PORT" 30
PUBLISHED_PORT="$(free_port)"
start ssh-device "${SSH[@]}" -R "127.0.0.1:$PUBLISHED_PORT:127.0.0.1:$TARGET_PORT" "$SSH_USER@127.0.0.1"
await_port "$PUBLISHED_PORT" 30
BASTION_PORT="$(free_port)"
start ssh-operator "${SSH[@]}" -L "127.0.0.1:$BASTION_PORT:127.0.0.1:$PUBLISHED_PORT" "$SSH_USER@127.0.0.1"
await_port "$BASTION_PORT" 30
env_kv openssh "$(ssh -V 2>&1 | cut -d, -f1)"
env_kv ssh_cipher "$(grep -m1 -o 'server->client cipher: [^ ]*' "$WORK/ssh-L.log" | cut -d' ' -f3 || echo default)"

# kb_of PID FIELD: a field of /proc/PID/status in kB (VmHWM, VmRSS).
kb_of() { awk -v f="$2:" '$1 == f {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---- Underpass: server + destination proxy + source proxy, with TLS and with --plain
# start_underpass NAME [--plain]: sets UNDERPASS_PORT to the source proxy's port.
start_underpass() {
  local name="$1" plain="${2:-}" endpoint proxy_endpoint tokens ca=()
  start "$name-server" java "${SERVER_JVM[@]}" -jar "$SERVER_JAR" --data-dir "$WORK/$name-data" --port 0 \
    --bind 127.0.0.1 --mqtt-port 0 $plain
  endpoint="$(await_line "$name-server" '^Underpass listening on (https?://127\.0\.0\.1:[0-9]+)' 120)"
  UNDERPASS_ENDPOINT="$endpoint"
  [[ -n "$plain" ]] || ca=(--ca "$WORK/$name-data/ca.pem")
  tokens="$("${LOAD[@]}" open-tunnel --endpoint "$endpoint" "${ca[@]}" --credentials "$WORK/$name-data/credentials")"
  if [[ -n "$plain" ]]; then
    proxy_endpoint=(-e "ws://${endpoint#http://}")
  else
    proxy_endpoint=(-e "${endpoint#https://}" -c "$WORK/$name-data/ca.pem")
  fi
  start "$name-destination" env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^destinationAccessToken=//p' <<<"$tokens")" \
    java "${PROXY_JVM[@]}" -jar "$PROXY_JAR" "${proxy_endpoint[@]}" -d "bench=127.0.0.1:$TARGET_PORT"
  start "$name-source" env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^sourceAccessToken=//p' <<<"$tokens")" \
    java "${PROXY_JVM[@]}" -jar "$PROXY_JAR" "${proxy_endpoint[@]}" -s bench=0 -b 127.0.0.1
  await_line "$name-destination" 'forwarding service bench' 60 >/dev/null
  UNDERPASS_PORT="$(await_line "$name-source" 'listening on 127\.0\.0\.1:([0-9]+) for service bench' 60)"
  local side
  for side in source destination; do   # the proxies' RSS before any traffic, next to the stack floor's
    printf '%s\t%s\t%s\t%s\n' "$side proxy" "underpass-$name" "$(kb_of "${NAMED[$name-$side]}" VmRSS)" \
      "$(kb_of "${NAMED[$name-$side]}" VmHWM)" >>"$WORK/memory-connected.tsv"
  done
}
say "starting Underpass with TLS and with --plain ..."
start_underpass tls; TLS_PORT="$UNDERPASS_PORT" TLS_ENDPOINT="$UNDERPASS_ENDPOINT"
start_underpass plain --plain; PLAIN_PORT="$UNDERPASS_PORT"

# ---- the side-by-side comparison
underpass_processes() {   # LABEL:PID list of an Underpass path
  echo "server:${NAMED[$1-server]},source-proxy:${NAMED[$1-source]},destination-proxy:${NAMED[$1-destination]}"
}
SSHD_PID="${NAMED[sshd]}"
PATHS=(
  --path "direct=$TARGET_PORT"
  --path "ssh-L=$SSH_L_PORT@ssh:${NAMED[ssh-L]},sshd:$SSHD_PID"
  --path "ssh-bastion=$BASTION_PORT@ssh-operator:${NAMED[ssh-operator]},ssh-device:${NAMED[ssh-device]},sshd:$SSHD_PID"
  --path "underpass-tls=$TLS_PORT@$(underpass_processes tls)"
  --path "underpass-plain=$PLAIN_PORT@$(underpass_processes plain)"
)
note_load "before the comparison"
say "comparing 5 paths, $ROUNDS round(s) ..."
run "${LOAD[@]}" compare "${PATHS[@]}" --rounds "$ROUNDS" --mb "$MB" --streams "$STREAMS" \
  --mb-per-stream "$MB_PER_STREAM" --pings "$PINGS" --warmup "$PING_WARMUP" --target-pid "$TARGET_PID" \
  --out "$WORK/results.tsv"
note_load "after the comparison"

# Peak and current RSS of the path's processes.
memory_row() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$(kb_of "$3" VmHWM)" "$(kb_of "$3" VmRSS)" >>"$WORK/memory.tsv"; }
for side in tls plain; do
  memory_row server "underpass-$side" "${NAMED[$side-server]}"
  memory_row "source proxy" "underpass-$side" "${NAMED[$side-source]}"
  memory_row "destination proxy" "underpass-$side" "${NAMED[$side-destination]}"
done
memory_row "ssh client (-L)" ssh-L "${NAMED[ssh-L]}"
memory_row "ssh client (device, -R)" ssh-bastion "${NAMED[ssh-device]}"
memory_row "ssh client (operator, -L)" ssh-bastion "${NAMED[ssh-operator]}"
sshd_hwm=0 sshd_rss=0
for pid in $(tree_of "$SSHD_PID"); do
  sshd_hwm=$((sshd_hwm + $(kb_of "$pid" VmHWM))); sshd_rss=$((sshd_rss + $(kb_of "$pid" VmRSS)))
done
printf '%s\t%s\t%s\t%s\n' "sshd, all $(tree_of "$SSHD_PID" | wc -l) processes summed" "ssh-L and ssh-bastion" \
  "$sshd_hwm" "$sshd_rss" >>"$WORK/memory.tsv"

# ---- the stack's floor: the smallest client of the proxies' stack (bench StackFloor: epoll, BoringSSL, WebSocket,
# DATA messages, nothing else), with the proxies' JVM options and the proxy's own jar, moving $MB MiB each way
# through the TLS server. Its RSS is what any program on this stack needs for that work: the proxies' baseline.
stack_floor() {
  local classes="$WORK/stack-floor" tokens side status=0 floor
  mkdir -p "$classes"
  (cd "$classes" && jar xf "$BENCH_JAR" dev/underpass/bench)
  tokens="$("${LOAD[@]}" open-tunnel --endpoint "$TLS_ENDPOINT" --ca "$WORK/tls-data/ca.pem" \
    --credentials "$WORK/tls-data/credentials")"
  # timeout: a side whose peer is gone would wait for its data for ever.
  floor=(timeout 600 java "${PROXY_JVM[@]}" -cp "$PROXY_JAR:$classes" dev.underpass.bench.StackFloor
         --endpoint "${TLS_ENDPOINT#https://}" --ca "$WORK/tls-data/ca.pem" --mb "$MB")
  start floor-destination env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^destinationAccessToken=//p' <<<"$tokens")" \
    "${floor[@]}" --mode destination
  await_line floor-destination '^stack-floor connected' 60 >/dev/null || { stop floor-destination; return 1; }
  start floor-source env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^sourceAccessToken=//p' <<<"$tokens")" \
    "${floor[@]}" --mode source
  wait "${NAMED[floor-source]}" || status=$?
  forget "${NAMED[floor-source]}"; unset "NAMED[floor-source]"
  if [[ $status -ne 0 ]]; then
    stop floor-destination
  else
    wait "${NAMED[floor-destination]}" || status=$?
    forget "${NAMED[floor-destination]}"; unset "NAMED[floor-destination]"
  fi
  [[ $status -eq 0 ]] || { say "the stack floor failed (exit $status); see $WORK/floor-*.log"; return 1; }
  for side in source destination; do
    sed -n 's/^stack-floor \([a-z]*\) rss_kb=\([0-9]*\) hwm_kb=\([0-9]*\)$/\1\t\2\t\3/p' "$WORK/floor-$side.log" |
      sed "s/^/$side\t/" >>"$WORK/floor.tsv"
  done
}
say "the stack's floor: $MB MiB each way through a minimal client of the proxies' stack ..."
stack_floor || { say "no stack floor in this run"; rm -f "$WORK/floor.tsv"; }

# The JIT's code cache of the measured proxies (the launcher caps it): how full it got, whether it ever filled.
for side in source destination; do
  {
    echo "**$side proxy (TLS)**, \`jcmd Compiler.codecache\` after the rounds:"
    echo
    echo '```'
    jcmd "${NAMED[tls-$side]}" Compiler.codecache 2>/dev/null |
      grep -E "^CodeHeap|size=|full_count|^ *total_blobs|compilation:" | sed 's/^ *//'
    echo '```'
    echo
  } >"$WORK/codecache-$side.md"
done
printf '%s\t%s\t%s\n' "Code cache of the local proxies" codecache-source.md codecache-destination.md \
  >>"$WORK/profiles.tsv"

# ---- profiles of the TLS path, after the measured rounds so they cannot disturb them
# JFR with Java and native samples every 1 ms (time in OpenSSL and in system calls is native), CPU per thread
# from /proc, and the native memory of a second pair of proxies started with Native Memory Tracking.
JAVA_HOME_DIR="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
awk '/<event name="jdk.(Execution|NativeMethod)Sample">/ {f = 1}
     f && /name="period"/ {sub(/>[^<]*</, ">1 ms<"); f = 0}
     {print}' \
  "$JAVA_HOME_DIR/lib/jfr/profile.jfc" >"$WORK/bench.jfc"
jfr_start() { jcmd "$1" JFR.start name=bench settings="$WORK/bench.jfc" filename="$2" >/dev/null; }
jfr_stop() { jcmd "$1" JFR.stop name=bench >/dev/null; }
if [[ $RUN_PROFILE -eq 1 ]]; then
  say "profiling the Underpass TLS path ..."
  TLS_PROCS="server:${NAMED[tls-server]},source-proxy:${NAMED[tls-source]},destination-proxy:${NAMED[tls-destination]}"
  # CPU per thread first, for both tests, then the same tests under JFR: starting JFR instruments I/O classes,
  # which deoptimises compiled code, so a thread count taken after a recording would show the JIT at work again.
  THROUGHPUT_TEST=(throughput --port "$TLS_PORT" --streams 1 --mb "$MB")
  LATENCY_TEST=(latency --port "$TLS_PORT" --pings "$PINGS" --warmup "$PING_WARMUP")
  run "${LOAD[@]}" "${THROUGHPUT_TEST[@]}" --thread-cpu "$TLS_PROCS" --thread-cpu-out "$WORK/throughput-threads.md" \
    >>"$WORK/profile-load.log"
  run "${LOAD[@]}" "${LATENCY_TEST[@]}" --thread-cpu "$TLS_PROCS" --thread-cpu-out "$WORK/latency-threads.md" \
    >>"$WORK/profile-load.log"
  # Methods whose inclusive share the profiles report (substrings of Class.method).
  # Handler methods that call the next handler (SslHandler.unwrap, a channelRead) would count all downstream work
  # too; these do one job each.
  DATA_METHODS=(ReferenceCountedOpenSslEngine.wrap ReferenceCountedOpenSslEngine.unwrap MessageHeaderParser.parse
                WebSocket08FrameDecoder.decode WebSocket08FrameEncoder.encode NioSocketChannel.doWrite
                SocketDispatcher.read0 EventFD.set0 SingleThreadEventExecutor.runAllTasks)
  jfr_profile() {   # jfr_profile KIND TITLE LOAD-ARGS...
    local kind="$1" title="$2" p; shift 2
    for p in server source destination; do jfr_start "${NAMED[tls-$p]}" "$WORK/$kind-$p.jfr"; done
    run "${LOAD[@]}" "$@" >>"$WORK/profile-load.log"
    for p in server source destination; do
      jfr_stop "${NAMED[tls-$p]}"
      java -cp "$BENCH_JAR" dev.underpass.bench.JfrTop "$WORK/$kind-$p.jfr" "$p" "$WORK/$kind-$p.md" 8 \
        "${DATA_METHODS[@]}"
    done
    printf '%s\t%s\t%s\t%s\t%s\n' "$title" "$kind-threads.md" "$kind-server.md" "$kind-source.md" \
      "$kind-destination.md" >>"$WORK/profiles.tsv"
  }
  jfr_profile throughput "Throughput, 1 stream of $MB MB through Underpass with TLS" "${THROUGHPUT_TEST[@]}"
  jfr_profile latency "Latency, $PINGS ping-pongs through Underpass with TLS" "${LATENCY_TEST[@]}"

  say "native memory of a local proxy pair (Native Memory Tracking) ..."
  PROXY_JVM_SAVED=("${PROXY_JVM[@]}")
  PROXY_JVM+=(-XX:NativeMemoryTracking=summary)
  NMT_TOKENS="$("${LOAD[@]}" open-tunnel --endpoint "$TLS_ENDPOINT" --ca "$WORK/tls-data/ca.pem" \
    --credentials "$WORK/tls-data/credentials")"
  start nmt-destination env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^destinationAccessToken=//p' <<<"$NMT_TOKENS")" \
    java "${PROXY_JVM[@]}" -jar "$PROXY_JAR" -e "${TLS_ENDPOINT#https://}" -c "$WORK/tls-data/ca.pem" \
    -d "bench=127.0.0.1:$TARGET_PORT"
  start nmt-source env AWSIOT_TUNNEL_ACCESS_TOKEN="$(sed -n 's/^sourceAccessToken=//p' <<<"$NMT_TOKENS")" \
    java "${PROXY_JVM[@]}" -jar "$PROXY_JAR" -e "${TLS_ENDPOINT#https://}" -c "$WORK/tls-data/ca.pem" \
    -s bench=0 -b 127.0.0.1
  PROXY_JVM=("${PROXY_JVM_SAVED[@]}")
  await_line nmt-destination 'forwarding service bench' 60 >/dev/null
  NMT_PORT="$(await_line nmt-source 'listening on 127\.0\.0\.1:([0-9]+) for service bench' 60)"
  run "${LOAD[@]}" throughput --port "$NMT_PORT" --streams 1 --mb "$MB" >>"$WORK/profile-load.log"
  run "${LOAD[@]}" throughput --port "$NMT_PORT" --streams "$STREAMS" --mb "$MB_PER_STREAM" >>"$WORK/profile-load.log"
  for p in source destination; do
    java -cp "$BENCH_JAR" dev.underpass.bench.NativeMemory \
      "$p proxy (TLS, after a 1-stream and a $STREAMS-stream transfer)" "${NAMED[nmt-$p]}" "$WORK/nmt-$p.md"
  done
  printf '%s\t%s\t%s\n' "Native memory of a local proxy pair" nmt-source.md nmt-destination.md >>"$WORK/profiles.tsv"
  stop nmt-source; stop nmt-destination
fi

for name in tls-source tls-destination tls-server plain-source plain-destination plain-server \
            ssh-operator ssh-device ssh-L sshd; do
  stop "$name"
done
note_load "after the data path"

# ---- scale: OpenTunnel/s on H2 and PostgreSQL, idle tunnels on one server
open_rate() {   # open_rate LABEL NAME [server options...]
  local label="$1" name="$2" endpoint; shift 2
  start "$name" java "${SERVER_JVM[@]}" -jar "$SERVER_JAR" --data-dir "$WORK/$name-data" --port 0 \
    --bind 127.0.0.1 --mqtt-port 0 "$@"
  endpoint="$(await_line "$name" '^Underpass listening on (https://127\.0\.0\.1:[0-9]+)' 120)"
  local open_args=(--endpoint "$endpoint" --ca "$WORK/$name-data/ca.pem" --credentials "$WORK/$name-data/credentials"
                   --calls "$OPEN_CALLS" --threads "$OPEN_THREADS" --warmup "$OPEN_WARMUP"
                   --server-pid "${NAMED[$name]}" --out "$WORK/scale.tsv")
  say "OpenTunnel rate on $label with the AWS SDK client ..."
  [[ $RUN_PROFILE -eq 0 ]] || jfr_start "${NAMED[$name]}" "$WORK/open-$label.jfr"
  run "${LOAD[@]}" open-rate "${open_args[@]}" --client sdk --label "$label"
  if [[ $RUN_PROFILE -eq 1 ]]; then
    jfr_stop "${NAMED[$name]}"
    java -cp "$BENCH_JAR" dev.underpass.bench.JfrTop "$WORK/open-$label.jfr" "server ($label)" \
      "$WORK/open-$label.md" 10 OpenTunnelAction.execute JdbcTunnelStore.create MVStore.commit \
      SigV4Verifier ReferenceCountedOpenSslEngine ObjectMapper AuditTrail.write GroupCommit.write
    printf '%s\t%s\n' "OpenTunnel on $label, the server during $OPEN_CALLS calls (after $OPEN_WARMUP of warm-up, \
which the recording includes)" "open-$label.md" >>"$WORK/profiles.tsv"
  fi
  # Without JFR: the lighter client, whose rate and CPU per call are the server's capacity figures.
  say "OpenTunnel rate on $label with the raw client (Netty HTTP/1.1, the bench's own SigV4) ..."
  run "${LOAD[@]}" open-rate "${open_args[@]}" --client raw --label "$label-raw"
  stop "$name"
}
if [[ $RUN_SCALE -eq 1 ]]; then
  open_rate h2 scale-h2
  if [[ $RUN_PG -eq 1 ]]; then
    start postgres "${LOAD[@]}" postgres --max-seconds 1800
    if JDBC_URL="$(await_line postgres '^postgres (jdbc:postgresql://127\.0\.0\.1:[0-9]+/underpass)' 120)"; then
      open_rate pg scale-pg --jdbc-url "$JDBC_URL" --jdbc-user postgres
    else
      env_kv pg_note "not measured: the embedded PostgreSQL did not start (see the run's log)."
    fi
    stop postgres
  else
    env_kv pg_note "skipped in this run (--no-postgres)."
  fi

  # Each tunnel holds two connections in the server and two in the load tool: the open-files limit caps N.
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true   # the soft limit may be raised up to the hard one
  FD_LIMIT="$(ulimit -n)"
  IDLE_CAP=$(((FD_LIMIT - 500) / 2))
  IDLE_RUN=$IDLE_TUNNELS
  if ((IDLE_RUN > IDLE_CAP)); then
    IDLE_RUN=$IDLE_CAP
    env_kv idle_note "asked for $IDLE_TUNNELS tunnels; the hard open-files limit here is $FD_LIMIT per process and \
each tunnel takes 2 in the server (and 2 in the load tool), so $IDLE_RUN were run"
  elif ((IDLE_RUN < 10000)); then
    env_kv idle_note "$IDLE_RUN tunnels in this run, the figure for 10,000 is extrapolated from the heap per \
tunnel; bench/run.sh --full measures up to 10,000 (the open-files limit here, $FD_LIMIT, allows $IDLE_CAP)"
  fi
  start scale-idle java "${SERVER_JVM[@]}" -jar "$SERVER_JAR" --data-dir "$WORK/scale-idle-data" --port 0 \
    --bind 127.0.0.1 --mqtt-port 0
  IDLE_ENDPOINT="$(await_line scale-idle '^Underpass listening on (https://127\.0\.0\.1:[0-9]+)' 120)"
  say "opening and connecting $IDLE_RUN idle tunnels ..."
  run "${LOAD[@]}" idle --endpoint "$IDLE_ENDPOINT" --ca "$WORK/scale-idle-data/ca.pem" \
    --credentials "$WORK/scale-idle-data/credentials" --server-pid "${NAMED[scale-idle]}" --tunnels "$IDLE_RUN" \
    --hold-seconds "$IDLE_HOLD" --max-seconds 1200 --out "$WORK/idle.tsv"
  stop scale-idle
  note_load "after the scale tests"
fi

# ---- JMH, short iterations
if [[ $RUN_JMH -eq 1 ]]; then
  say "JMH ($JMH_ARGS) ..."
  read -r -a JMH <<<"$JMH_ARGS"
  run java -cp "$BENCH_JAR" org.openjdk.jmh.Main "${JMH[@]}" -rf csv -rff "$WORK/jmh.csv" \
    'dev.underpass.bench.jmh.*' >"$WORK/jmh.log" 2>&1 || { say "JMH failed:"; tail -30 "$WORK/jmh.log" >&2; exit 1; }
  env_kv jmh_args "$JMH_ARGS"
fi

note_load "at the end"
ELAPSED=$((SECONDS - START_SECONDS))
env_kv duration "$((ELAPSED / 60)) min $((ELAPSED % 60)) s"
java -cp "$BENCH_JAR" dev.underpass.bench.Report "$WORK" "$OUT" "$ANALYSIS"
say "wrote $OUT in $((ELAPSED / 60)) min $((ELAPSED % 60)) s"
