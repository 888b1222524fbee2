package dev.underpass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Writes docs/BENCHMARKS.md from one run's work directory (see {@link Results}): medians of the rounds, every
 * figure as a ratio to direct TCP and to {@code ssh -L} of the same run, the targets with met/missed, scale,
 * JMH and profiles. Run as {@code Report WORK_DIR OUT.md [ANALYSIS.md]}.
 */
public final class Report {
    static final String DIRECT = "direct";
    static final String SSH = "ssh-L";
    static final String BASTION = "ssh-bastion";
    static final String TLS = "underpass-tls";
    static final String PLAIN = "underpass-plain";
    static final Map<String, String> NAMES = Map.of(DIRECT, "direct TCP", SSH, "`ssh -L`", BASTION,
            "ssh bastion (`-R` + `-L`)", TLS, "Underpass, TLS", PLAIN, "Underpass, plain ws");
    static final double GIB_KB = 1024.0 * 1024.0;

    private final Path work;
    private final Results results;
    private final Map<String, String> env;
    private final Map<String, String> scale;
    private final Map<String, String> idle;
    private final StringBuilder md = new StringBuilder();

    private Report(Path work) throws IOException {
        this.work = work;
        this.results = new Results(work.resolve("results.tsv"));
        this.env = Results.keyValues(work.resolve("env.tsv"));
        this.scale = Results.keyValues(work.resolve("scale.tsv"));
        this.idle = Results.keyValues(work.resolve("idle.tsv"));
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length < 2) {
            System.err.println("usage: Report WORK_DIR OUT.md [ANALYSIS.md]");
            System.exit(2);
        }
        Report r = new Report(Path.of(argv[0]));
        Files.writeString(Path.of(argv[1]), r.render(argv.length > 2 ? Path.of(argv[2]) : null));
    }

    private String render(Path analysis) throws IOException {
        String streams = env.getOrDefault("streams", "8");
        line("# Benchmarks");
        line("");
        line("Written by `bench/run.sh` (see [bench/README.md](../bench/README.md) for how to run it and what each "
                + "number means); every figure below comes from the one run described here. Do not edit by hand: "
                + "the \"Reading of the results\" comes from `bench/analysis.md`, the rest from the run.");
        line("");
        setting();
        List<String[]> targets = new Targets(results, env, scale, idle,
                Results.rows(work.resolve("memory.tsv")), new StackFloorMemory(work)).evaluate(streams);
        line("## Targets (issue 5)");
        line("");
        line("Underpass with TLS against the issue's targets; data-path figures are the median of "
                + env.getOrDefault("rounds", "?") + " round(s). \"Met\" compares medians; where the rounds' ranges "
                + "overlap, the margin is within the noise of this machine and the note says so.");
        line("");
        line("| target | measured | met? | note |");
        line("|---|---|---|---|");
        for (String[] t : targets) {
            line("| " + String.join(" | ", t) + " |");
        }
        line("");
        if (analysis != null && Files.exists(analysis)) {
            line("## Reading of the results");
            line("");
            md.append(Files.readString(analysis).strip()).append("\n\n");
        }
        throughput(streams);
        latency();
        cpu();
        memory();
        scale();
        jmh();
        profiles();
        method(streams);
        return md.toString();
    }

    private void setting() throws IOException {
        line("## Run");
        line("");
        line("| | |");
        line("|---|---|");
        row("commit", "`" + env.getOrDefault("commit", "?") + "` " + shorten(env.getOrDefault("subject", ""), 80));
        row("working tree", env.getOrDefault("tree", "?"));
        row("date (UTC)", env.getOrDefault("date", "?"));
        row("command", "`" + env.getOrDefault("command", "bench/run.sh") + "`, took "
                + env.getOrDefault("duration", "?"));
        row("machine", env.getOrDefault("nproc", "?") + " CPUs (" + env.getOrDefault("cpu", "?") + "), "
                + env.getOrDefault("mem", "?") + " memory, " + env.getOrDefault("kernel", "?"));
        row("software", env.getOrDefault("java", "?") + "; " + env.getOrDefault("openssh", "?") + ", cipher "
                + env.getOrDefault("ssh_cipher", "?"));
        row("JVM options", "server `" + env.getOrDefault("server_opts", "?") + "`; local proxies `"
                + env.getOrDefault("proxy_opts", "?") + "` (the launcher's defaults; the proxies' from "
                + "`conf/jvm/localproxy.options`)");
        List<String[]> loads = Results.rows(work.resolve("loads.tsv"));
        StringBuilder l = new StringBuilder();
        for (String[] r : loads) {
            l.append(l.length() == 0 ? "" : "; ").append(r[0]).append(" ").append(r.length > 1 ? r[1] : "?");
        }
        row("load average (1/5/15 min)", l.length() == 0 ? "?" : l.toString());
        List<Double> other = new ArrayList<>();
        results.paths().forEach(p -> other.addAll(results.values(p, "other_cores")));
        double otherMedian = Stats.median(other);
        if (!other.isEmpty()) {
            row("other load during transfers", String.format(Locale.ROOT, "processes outside the path used a median "
                            + "of %.2f cores (max %.2f) of the %s while the transfers ran", otherMedian,
                    other.stream().mapToDouble(Double::doubleValue).max().orElse(0), env.getOrDefault("nproc", "?")));
        }
        line("");
        if (otherMedian > 0.25) {
            line("The machine was shared with other work during the run (see the load averages and the other load): "
                    + "absolute numbers are noisy; the ratios between paths measured in the same rounds are what to "
                    + "read.");
        } else {
            line("Other processes were mostly quiet while the transfers ran; the load averages show how busy the "
                    + "machine was over the whole run.");
        }
        line("");
    }

    // ---- data path tables

    private void throughput(String streams) {
        line("## Throughput");
        line("");
        line("One direction, operator → device, into the sink; MB/s (10^6 bytes), median of the rounds with the "
                + "range in brackets, and the ratio of the medians to direct TCP and to `ssh -L`.");
        line("");
        line("| path | 1 stream | × direct | × ssh -L | " + streams + " streams | × direct | × ssh -L |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (String p : results.paths()) {
            StringBuilder r = new StringBuilder("| " + NAMES.getOrDefault(p, p));
            for (String m : List.of("tput1_MBps", "tput" + streams + "_MBps")) {
                double v = results.median(p, m);
                r.append(" | ").append(f0(v)).append(" (").append(f0(results.min(p, m))).append("–")
                        .append(f0(results.max(p, m))).append(") | ").append(ratio(v, results.median(DIRECT, m)))
                        .append(" | ").append(ratio(v, results.median(SSH, m)));
            }
            line(r + " |");
        }
        line("");
    }

    private void latency() {
        line("## Latency");
        line("");
        line("64-byte echo ping-pong on one connection, " + env.getOrDefault("pings", "?") + " round trips after "
                + "warm-up, in µs; median of the rounds' percentiles. \"Added\" is the path's figure minus direct "
                + "TCP's.");
        line("");
        line("| path | p50 | added | × direct | × ssh -L | p99 | added | × direct | × ssh -L |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String p : results.paths()) {
            StringBuilder r = new StringBuilder("| " + NAMES.getOrDefault(p, p));
            for (String m : List.of("p50_us", "p99_us")) {
                double v = results.median(p, m);
                double d = results.median(DIRECT, m);
                r.append(" | ").append(f1(v)).append(" | ").append(p.equals(DIRECT) ? "—" : "+" + f1(v - d))
                        .append(" | ").append(ratio(v, d)).append(" | ").append(ratio(v, results.median(SSH, m)));
            }
            line(r + " |");
        }
        line("");
    }

    private void cpu() {
        line("## CPU per GB moved");
        line("");
        line("CPU seconds (user + system, from `/proc/PID/stat`) of every process that carries the bytes, summed "
                + "over both transfers of a round and divided by the GB moved; median of the rounds. \"In the "
                + "kernel\" is the system-time share: on loopback a sender's write also runs the receiver's TCP "
                + "stack, so every hop pays for socket work twice. sshd counts with its session processes. The load "
                + "tool and the sink (the two ends, the same for every path) are reported apart. Direct TCP has no "
                + "process in between: its path cost is the kernel's, charged to the ends.");
        line("");
        line("| path | CPU-s/GB | in the kernel | × ssh -L | per process (share in the kernel) "
                + "| ends (load tool + sink) |");
        line("|---|---:|---:|---:|---|---:|");
        for (String p : results.paths()) {
            double v = results.median(p, "cpu_s_per_GB");
            List<String> parts = new ArrayList<>();
            for (String m : results.metricsStartingWith(p, "cpu_s_per_GB:")) {
                String label = m.substring("cpu_s_per_GB:".length());
                parts.add(label + " " + f2(results.median(p, m)) + " ("
                        + pct(results.median(p, "kernel_share:" + label)) + ")");
            }
            line("| " + NAMES.getOrDefault(p, p) + " | " + (Double.isNaN(v) ? "—" : f2(v)) + " | "
                    + pct(results.median(p, "kernel_share")) + " | "
                    + (Double.isNaN(v) ? "—" : ratio(v, results.median(SSH, "cpu_s_per_GB"))) + " | "
                    + (parts.isEmpty() ? "—" : String.join(", ", parts)) + " | "
                    + f2(results.median(p, "endpoint_cpu_s_per_GB")) + " ("
                    + pct(results.median(p, "endpoint_kernel_share")) + " in the kernel) |");
        }
        line("");
        line("System calls per MB moved, per process of the path (`syscr` and `syscw` of `/proc/PID/io`: reads, "
                + "writes, and eventfd wake-ups between threads count as well): how many pieces the bytes cross in.");
        line("");
        line("| path | process | reads/MB | writes/MB |");
        line("|---|---|---:|---:|");
        for (String p : results.paths()) {
            for (String m : results.metricsStartingWith(p, "reads_per_MB:")) {
                String label = m.substring("reads_per_MB:".length());
                line("| " + NAMES.getOrDefault(p, p) + " | " + label + " | " + f1(results.median(p, m)) + " | "
                        + f1(results.median(p, "writes_per_MB:" + label)) + " |");
            }
        }
        line("");
    }

    private void memory() throws IOException {
        List<String[]> rows = Results.rows(work.resolve("memory.tsv"));
        if (rows.isEmpty()) {
            return;
        }
        line("## Memory of the path's processes");
        line("");
        line("Peak resident memory (`VmHWM`) and resident memory now (`VmRSS`) after all rounds.");
        line("");
        line("| process | path | peak RSS | RSS at the end |");
        line("|---|---|---:|---:|");
        for (String[] r : rows) {
            line("| " + r[0] + " | " + NAMES.getOrDefault(r[1], r[1]) + " | " + mib(Double.parseDouble(r[2])) + " | "
                    + mib(Double.parseDouble(r[3])) + " |");
        }
        line("");
        stackFloor(rows);
    }

    private void stackFloor(List<String[]> memory) throws IOException {
        StackFloorMemory floor = new StackFloorMemory(work);
        if (!floor.measured()) {
            return;
        }
        line("### The local proxy against the stack's floor");
        line("");
        line("`StackFloor` (bench module) is the smallest client of the proxy's stack: Netty's epoll transport, a "
                + "BoringSSL TLS connection that checks the server's certificate, the WebSocket upgrade to `/tunnel` "
                + "(protocol V3), DATA messages both ways, and nothing else (no local sockets, no command line "
                + "parser, no log output, no protobuf runtime). A pair of them ran through the TLS server after the "
                + "rounds, with the local proxies' JVM options and the proxy's own jar: the source sent "
                + env.getOrDefault("mb", "?") + " MiB, the destination sent them back. Its RSS is what any program "
                + "on this stack needs for that work; the proxies' figures are from the TLS path above.");
        line("");
        line("| peak RSS (`VmHWM`) so far | source | destination |");
        line("|---|---:|---:|");
        floorRow("stack floor: started (its first line of code)", floor.floorKb("source", "started"),
                floor.floorKb("destination", "started"));
        floorRow("stack floor: TLS + WebSocket connected", floor.floorKb("source", "connected"),
                floor.floorKb("destination", "connected"));
        floorRow("local proxy: connected (before any traffic)", floor.connectedKb("source", TLS),
                floor.connectedKb("destination", TLS));
        floorRow("stack floor: after the transfer", floor.floorKb("source", "done"),
                floor.floorKb("destination", "done"));
        floorRow("local proxy: after all rounds", StackFloorMemory.peakKb(memory, "source", TLS),
                StackFloorMemory.peakKb(memory, "destination", TLS));
        line("");
    }

    private void floorRow(String label, OptionalDouble source, OptionalDouble destination) {
        line("| " + label + " | " + (source.isPresent() ? mib(source.getAsDouble()) : "—") + " | "
                + (destination.isPresent() ? mib(destination.getAsDouble()) : "—") + " |");
    }

    private void scale() {
        line("## Scale");
        line("");
        line("### OpenTunnel calls per second");
        line("");
        if (scale.isEmpty()) {
            line("Not measured in this run.");
        } else {
            line("A fresh server per database, called by two clients in turn, each shared by the threads and each "
                    + "after its own warm-up calls (so the server's JIT has compiled the path): the real AWS SDK "
                    + "client (TLS, SigV4, no retries), then a lean load generator (`--client raw`: Netty HTTP/1.1 "
                    + "on kept-alive TLS connections, one request in flight per connection, the same AWS JSON 1.1 "
                    + "request, each signed afresh with SigV4 computed by the bench itself). The CPU columns are the cores the server and the load tool used on average while the "
                    + "calls ran: both share the machine's " + env.getOrDefault("nproc", "?") + ", so the server's CPU "
                    + "per call, not the rate, is the figure that carries to a machine where the clients run "
                    + "elsewhere.");
            line("");
            line("| database | client | calls (warm-up) | threads | calls/s | p50 ms | p99 ms | failed | server CPU "
                    + "| server CPU per call | load tool CPU | load tool CPU per call |");
            line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (String db : List.of("h2", "h2-raw", "pg", "pg-raw")) {
                if (scale.containsKey("open_" + db + "_per_s")) {
                    line("| " + (db.startsWith("h2") ? "H2 (embedded)" : "PostgreSQL 14 (embedded binaries, loopback)")
                            + " | " + (db.endsWith("-raw") ? "raw (Netty, own SigV4)" : "AWS SDK")
                            + " | " + scale.get("open_" + db + "_calls") + " ("
                            + scale.getOrDefault("open_" + db + "_warmup", "100") + ")"
                            + " | " + scale.get("open_" + db + "_threads")
                            + " | " + scale.get("open_" + db + "_per_s") + " | " + scale.get("open_" + db + "_p50_ms")
                            + " | " + scale.get("open_" + db + "_p99_ms") + " | " + scale.get("open_" + db + "_failed")
                            + (scale.containsKey("open_" + db + "_first_failure") ? " (first: "
                            + scale.get("open_" + db + "_first_failure") + ")" : "") + " | "
                            + scale.getOrDefault("open_" + db + "_server_cores", "?") + " cores | "
                            + serverMsPerCall(scale, db) + " | "
                            + scale.getOrDefault("open_" + db + "_client_cores", "?") + " cores | "
                            + clientMsPerCall(scale, db) + " |");
                }
            }
            if (!scale.containsKey("open_pg_per_s")) {
                line("");
                line("PostgreSQL: " + env.getOrDefault("pg_note", "not measured in this run."));
            }
        }
        line("");
        line("### Idle tunnels held by one server");
        line("");
        if (idle.isEmpty()) {
            line("Not measured in this run.");
            line("");
            return;
        }
        line("A fresh server with `" + env.getOrDefault("server_opts", "-Xmx1g") + "`; tunnels opened with the SDK, "
                + "both sides connected by bare WebSocket clients in the load tool (TLS, V3, answering pings), then "
                + "left idle. Heap is `jcmd GC.heap_info` after `jcmd GC.run`, once the server was quiet.");
        line("");
        line("| | |");
        line("|---|---|");
        row("tunnels requested / opened / both sides connected", idle.getOrDefault("tunnels_requested", "?")
                + " / " + idle.getOrDefault("tunnels_opened", "?") + " / "
                + idle.getOrDefault("tunnels_connected", "?"));
        if (idle.containsKey("first_failure")) {
            row("first failure", idle.get("first_failure"));
        }
        row("time to open / to connect", idle.getOrDefault("open_seconds", "?") + " s / "
                + idle.getOrDefault("connect_seconds", "?") + " s");
        row("heap after GC, before → after", kb(idle.get("heap_before_kb")) + " → " + kb(idle.get("heap_after_kb"))
                + " (" + idle.getOrDefault("heap_per_tunnel_kb", "?") + " kB per tunnel)");
        row("RSS, before → after", kb(idle.get("rss_before_kb")) + " → " + kb(idle.get("rss_after_kb")) + " ("
                + idle.getOrDefault("rss_per_tunnel_kb", "?") + " kB per tunnel; peak " + kb(idle.get("rss_hwm_kb"))
                + ")");
        row("threads before → after; open files after", idle.getOrDefault("threads_before", "?") + " → "
                + idle.getOrDefault("threads_after", "?") + "; " + idle.getOrDefault("fds_after", "?"));
        row("server CPU while the tunnels idle (pings)", idle.getOrDefault("idle_cpu_cores", "?")
                + " cores, over 10 s");
        if (idle.containsKey("held_seconds")) {
            row("held idle", idle.get("held_seconds") + " s (past the relay's 60 s idle timeout); "
                    + idle.getOrDefault("sockets_open_after_hold", "?") + " connections still open");
        }
        if (env.containsKey("idle_note")) {
            row("note", env.get("idle_note"));
        }
        line("");
    }

    private void jmh() throws IOException {
        List<String[]> rows = Results.csv(work.resolve("jmh.csv"));
        line("## Micro-benchmarks (JMH)");
        line("");
        if (rows.size() < 2) {
            line("Not run in this run.");
            line("");
            return;
        }
        line("JMH 1.37, `" + env.getOrDefault("jmh_args", "") + "` (short: these are indications, not "
                + "publication-grade numbers). One operation = one DATA message; MB/s counts payload bytes; "
                + "B/op is the heap allocated per operation (`-prof gc`). `RelayBenchmark.forwardData` drives a "
                + "real `Relay` through its public API on two `EmbeddedChannel`s (masked client frame in at the "
                + "source, encoded frame out at the destination: WebSocket codec, tunnel decoder, rules, routing; "
                + "no TLS, no socket).");
        line("");
        line("| benchmark | payload bytes | ops/s | ± (99.9%) | µs/op | payload MB/s | B/op |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        Map<String, String> allocation = new HashMap<>();
        for (String[] r : rows.subList(1, rows.size())) {
            String name = unquote(r[0]);
            if (name.endsWith(":gc.alloc.rate.norm")) {
                allocation.put(name.substring(0, name.indexOf(':')) + "/" + unquote(r[r.length - 1]), unquote(r[4]));
            }
        }
        for (String[] r : rows.subList(1, rows.size())) {
            String name = unquote(r[0]);
            if (name.contains(":")) {
                continue;
            }
            double score = Double.parseDouble(unquote(r[4]));
            String error = unquote(r[5]);
            String payload = unquote(r[r.length - 1]);
            String bytes = allocation.get(name + "/" + payload);
            line("| `" + name.replace("dev.underpass.bench.jmh.", "") + "` | " + payload + " | " + f0(score) + " | "
                    + (error.equals("NaN") ? "—" : f0(Double.parseDouble(error))) + " | " + f2(1e6 / score) + " | "
                    + f0(score * Integer.parseInt(payload) / 1e6) + " | "
                    + (bytes == null ? "—" : f0(Double.parseDouble(bytes))) + " |");
        }
        line("");
    }

    private void profiles() throws IOException {
        List<String[]> list = Results.rows(work.resolve("profiles.tsv"));
        if (list.isEmpty()) {
            return;
        }
        line("## Profiles");
        line("");
        line("Taken after the measured rounds, so that they cannot disturb them: CPU per thread from "
                + "`/proc/PID/task/*/stat` (complete, grouped by thread name), and JFR (`jcmd PID JFR.start`, the "
                + "`profile` settings with Java and native method samples every 1 ms; shares are of samples where "
                + "a thread ran Java or native code, threads waiting in epoll left out; JFR samples a few threads "
                + "per period, so small shares are rough). The native memory of a local proxy comes from a second "
                + "proxy pair started with `-XX:NativeMemoryTracking=summary` on top of `conf/jvm/localproxy.options`.");
        line("");
        for (String[] p : list) {
            line("### " + p[0]);
            line("");
            for (int i = 1; i < p.length; i++) {
                Path f = work.resolve(p[i]);
                if (Files.exists(f)) {
                    md.append(Files.readString(f));
                }
            }
        }
    }

    private void method(String streams) {
        line("## How it was measured");
        line("");
        line("- All processes on 127.0.0.1 on this machine, started by `bench/run.sh`. The target is a Java sink/echo "
                + "service (`dev.underpass.bench.TargetService`); the load tool is `dev.underpass.bench.Load`.");
        line("- Paths: direct TCP to the service; `ssh -L` through a private sshd (generated host and client keys, "
                + "default ciphers); an ssh bastion as devices use one (the device keeps `ssh -R` to the sshd, the "
                + "operator uses `ssh -L` to the published port: two SSH links through one sshd); Underpass with "
                + "TLS (server + destination proxy + source proxy, separate processes, `java -jar`); Underpass "
                + "with `--plain` (ws://).");
        line("- Each round: 1 stream of " + env.getOrDefault("mb", "?") + " MB, then " + streams + " streams of "
                + env.getOrDefault("mb_per_stream", "?") + " MB each, then the latency test, for every path, in "
                + "an order rotated each round. One warm-up pass over all paths first. Throughput is timed from "
                + "when every connection proved itself with an empty round trip to the sink's acknowledgement of "
                + "the last byte.");
        line("- CPU time is read from `/proc/PID/stat` before and after the transfers of a round; peak RSS is "
                + "`VmHWM` from `/proc/PID/status`. PostgreSQL runs from zonky's embedded binaries on the same "
                + "machine, so its numbers have no network hop.");
        line("");
    }

    // ---- formatting

    private void line(String s) {
        md.append(s).append('\n');
    }

    private void row(String k, String v) {
        line("| " + k + " | " + v + " |");
    }

    static String ratio(double v, double reference) {
        if (Double.isNaN(v) || Double.isNaN(reference) || reference == 0) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f×", v / reference);
    }

    static String f0(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.0f", v);
    }

    static String f1(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%,.1f", v);
    }

    static String f2(double v) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Cuts text at a word boundary to at most {@code max} characters, marking the cut. */
    static String shorten(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int space = text.lastIndexOf(' ', max - 1);
        return text.substring(0, space > 0 ? space : max - 1) + " …";
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "—" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    static String mib(double kb) {
        return String.format(Locale.ROOT, "%,.1f MiB", kb / 1024);
    }

    private static String kb(String kb) {
        return kb == null ? "?" : mib(Double.parseDouble(kb));
    }

    private static String unquote(String s) {
        return s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** Server CPU milliseconds per OpenTunnel call: what bounds the rate once the load tool has cores of its own. */
    /** The load tool's CPU per call: what the client costs, to compare clients by. */
    static String clientMsPerCall(Map<String, String> scale, String db) {
        String cores = scale.get("open_" + db + "_client_cores");
        String rate = scale.get("open_" + db + "_per_s");
        if (cores == null || rate == null || Double.parseDouble(rate) <= 0) {
            return "?";
        }
        return String.format(Locale.ROOT, "%.2f ms", Double.parseDouble(cores) / Double.parseDouble(rate) * 1000);
    }

    static String serverMsPerCall(Map<String, String> scale, String db) {
        String cores = scale.get("open_" + db + "_server_cores");
        String rate = scale.get("open_" + db + "_per_s");
        if (cores == null || rate == null || Double.parseDouble(rate) <= 0) {
            return "?";
        }
        double ms = Double.parseDouble(cores) / Double.parseDouble(rate) * 1000;
        return String.format(Locale.ROOT, "%.1f ms (≈ %.0f/s per core)", ms, 1000 / ms);
    }
}
