#!/usr/bin/env bash
# Reliability soaks: the e2e reliability suite (e2e-tests, package dev.underpass.e2e.reliability) at sizes that do
# not fit the build's time, plus longer fuzzing. See bench/README.md, "Soaks", and docs/RELIABILITY.md.
# Usage: bench/soak.sh [--quick] [options]; bench/soak.sh --help lists them.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TUNNELS=200 CONNECTIONS=4 BYTES=$((5 * 1024 * 1024)) CYCLES=10000 KILL_ROUNDS=5 FUZZ_SECONDS=600
OFFLINE=""

usage() {
  cat <<USAGE
usage: bench/soak.sh [--quick] [options]
  --quick              small sizes (50 tunnels x 4 x 1 MB, 2,000 cycles, 1 kill round, 60 s fuzzing): tries the script
  --tunnels N          concurrent tunnels (default $TUNNELS)
  --connections N      concurrent connections per tunnel (default $CONNECTIONS)
  --bytes N            bytes per connection, each way (default $BYTES)
  --cycles N           proxy connect/disconnect cycles against the server's baseline (default $CYCLES)
  --kill-rounds N      times the kill -9 / restart test runs (default $KILL_ROUNDS)
  --fuzz-seconds N     fuzzing time of each fuzz test (default $FUZZ_SECONDS; 0 skips fuzzing)
  --offline            pass -o to Maven
USAGE
}

while (($#)); do
  case "$1" in
    --quick) TUNNELS=50 BYTES=$((1024 * 1024)) CYCLES=2000 KILL_ROUNDS=1 FUZZ_SECONDS=60 ;;
    --tunnels) TUNNELS="$2"; shift ;;
    --connections) CONNECTIONS="$2"; shift ;;
    --bytes) BYTES="$2"; shift ;;
    --cycles) CYCLES="$2"; shift ;;
    --kill-rounds) KILL_ROUNDS="$2"; shift ;;
    --fuzz-seconds) FUZZ_SECONDS="$2"; shift ;;
    --offline) OFFLINE="-o" ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

cd "$ROOT"
LOG_DIR="$ROOT/e2e-tests/target/soak"
mkdir -p "$LOG_DIR"
# Every test bounds its own waits; the fork timeout is raised only because the sizes are larger (4 h at most).
MVN=(mvn -B $OFFLINE -pl e2e-tests -am test -Dsurefire.failIfNoSpecifiedTests=false -De2e.forkTimeoutSeconds=14400)

step() {
  local name="$1"; shift
  echo "== $name ($(date -u +%H:%M:%S))"
  local started=$SECONDS
  if "$@" >"$LOG_DIR/$name.log" 2>&1; then
    echo "   passed in $((SECONDS - started)) s (log: ${LOG_DIR#$ROOT/}/$name.log)"
  else
    echo "   FAILED after $((SECONDS - started)) s; last lines of ${LOG_DIR#$ROOT/}/$name.log:" >&2
    tail -40 "$LOG_DIR/$name.log" >&2
    exit 1
  fi
}

step concurrent-tunnels "${MVN[@]}" -Dtest=ConcurrentTunnelsTest -Dreliability.tunnels="$TUNNELS" \
  -Dreliability.connections="$CONNECTIONS" -Dreliability.bytesPerConnection="$BYTES"
grep -h "ConcurrentTunnelsTest - " "$ROOT"/e2e-tests/target/surefire-reports/*ConcurrentTunnelsTest-output.txt \
  | sed 's/^/   /' || true

step reconnect-cycles "${MVN[@]}" -Dtest=ProxyReconnectCyclesTest -Dreliability.cycles="$CYCLES"
grep -h "ProxyReconnectCyclesTest - " "$ROOT"/e2e-tests/target/surefire-reports/*ProxyReconnectCyclesTest-output.txt \
  | sed 's/^/   /' || true

for ((round = 1; round <= KILL_ROUNDS; round++)); do
  step "server-kill-$round" "${MVN[@]}" -Dtest='ServerKillTest,StalledReaderTest,DestinationServiceFailureTest'
  grep -h "ServerKillTest - both\|StalledReaderTest - " "$ROOT"/e2e-tests/target/surefire-reports/*-output.txt \
    | sed 's/^/   /' || true
done

if ((FUZZ_SECONDS > 0)); then
  # Jazzer fuzzes one fuzz test per JVM; JAZZER_MAX_DURATION overrides the tests' maxDuration (set only if default).
  for t in TunnelFrameDecoderFuzzTest HandshakeValidatorFuzzTest; do
    step "fuzz-$t" env JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${FUZZ_SECONDS}s" mvn -B $OFFLINE \
      -pl protocol,server-relay test -Dtest="$t" -Dsurefire.failIfNoSpecifiedTests=false
  done
fi
echo "== all soaks passed"
