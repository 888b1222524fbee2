package dev.underpass.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The load tool of the benchmarks. {@code bench/run.sh} drives it; each command can be run by hand too:
 * <pre>
 * serve       --port 0 [--max-seconds 7200]                      the sink/echo TCP service every path leads to
 * throughput  --port P [--streams 1] [--mb 256]                  one-direction transfer, MB/s
 * latency     --port P [--pings 10000] [--warmup 2000]           64-byte echo ping-pong, p50/p99 in us
 *             (both: [--thread-cpu LABEL:PID,... --thread-cpu-out FILE] CPU per thread of those processes)
 * compare     --path NAME=PORT[@LABEL:PID,...] ... --out FILE    all of the above for several paths, in rounds
 * open-tunnel --endpoint URL --ca FILE --credentials FILE        opens one tunnel, prints its tokens
 * open-rate   --endpoint URL --ca FILE --credentials FILE --out FILE [--calls 2000] [--threads 8]
 *             [--warmup 500] [--client sdk|raw|jdk] [--label h2] [--server-pid PID]
 *                                                                OpenTunnel calls/s (and the CPU it took); raw: Netty
 *                                                                HTTP/1.1 with its own SigV4 (lightest); jdk: the JDK
 *                                                                HTTP client with the SDK's signer
 * idle        --endpoint URL --ca FILE --credentials FILE --server-pid PID --out FILE [--tunnels 1000]
 * postgres    [--max-seconds 3600]                               a throw-away PostgreSQL; prints its JDBC URL
 * </pre>
 * Sizes are decimal: 1 MB = 10^6 bytes.
 */
public final class Load {
    private Load() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: Load serve|throughput|latency|compare|open-tunnel|open-rate|idle|postgres "
                    + "[--option value ...] (see the class comment or bench/README.md)");
            System.exit(2);
        }
        Args args = new Args(argv, 1);
        try {
            switch (argv[0]) {
                case "serve" -> serve(args);
                case "throughput" -> throughput(args);
                case "latency" -> latency(args);
                case "compare" -> compare(args);
                case "open-tunnel" -> openTunnel(args);
                case "open-rate" -> openRate(args);
                case "idle" -> idle(args);
                case "postgres" -> {
                    int maxSeconds = args.integer("max-seconds", 3600);
                    args.rejectUnknown();
                    Postgres.run(maxSeconds);
                }
                default -> throw new IllegalArgumentException("unknown command '" + argv[0] + "'");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("Load " + argv[0] + ": " + e.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    private static void serve(Args args) throws Exception {
        int port = args.integer("port", 0);
        int maxSeconds = args.integer("max-seconds", 7200);
        args.rejectUnknown();
        TargetService.run(port, maxSeconds);
    }

    private static void throughput(Args args) throws Exception {
        int port = args.integer("port", 0);
        int streams = args.integer("streams", 1);
        long mb = args.integer("mb", 256);
        ThreadCpu threads = threadCpu(args);
        args.rejectUnknown();
        Throughput.Result r = Throughput.run(port, streams, mb * 1_000_000L, Duration.ofMinutes(10));
        String result = String.format(Locale.ROOT, "%d stream(s) x %d MB: %.1f MB/s", streams, mb,
                r.megabytesPerSecond());
        System.out.println(result);
        if (threads != null) {
            threads.write(Path.of(args.string("thread-cpu-out", null)), "CPU per thread during " + result + ":");
        }
    }

    private static void latency(Args args) throws Exception {
        int port = args.integer("port", 0);
        int pings = args.integer("pings", 10_000);
        int warmup = args.integer("warmup", 2_000);
        ThreadCpu threads = threadCpu(args);
        args.rejectUnknown();
        Latency.Result r = Latency.run(port, warmup, pings, Duration.ofMinutes(2));
        String result = String.format(Locale.ROOT, "%d pings of %d bytes: p50 %.1f us, p99 %.1f us%s", r.count(),
                Latency.MESSAGE_BYTES, r.percentileMicros(50), r.percentileMicros(99),
                r.cutShort() ? " (cut short)" : "");
        System.out.println(result);
        if (threads != null) {
            threads.write(Path.of(args.string("thread-cpu-out", null)), "CPU per thread during " + result + ":");
        }
    }

    /** {@code --thread-cpu LABEL:PID,... --thread-cpu-out FILE}: per-thread CPU of those processes over the test. */
    private static ThreadCpu threadCpu(Args args) {
        String spec = args.string("thread-cpu", null);
        String out = args.string("thread-cpu-out", null);
        if (spec == null) {
            return null;
        }
        if (out == null) {
            throw new IllegalArgumentException("--thread-cpu needs --thread-cpu-out FILE");
        }
        return new ThreadCpu(PathSpec.parse("p=0@" + spec).processes());
    }

    private static void compare(Args args) throws Exception {
        List<PathSpec> paths = PathSpec.parseAll(args.all("path"));
        int streams = args.integer("streams", 8);
        Compare.Plan plan = new Compare.Plan(
                args.integer("rounds", 3),
                args.integer("mb", 256) * 1_000_000L,
                streams,
                args.integer("mb-per-stream", 64) * 1_000_000L,
                args.integer("warmup", 2_000),
                args.integer("pings", 10_000),
                Duration.ofSeconds(args.integer("transfer-timeout-seconds", 300)),
                Duration.ofSeconds(args.integer("latency-budget-seconds", 60)));
        long targetPid = args.integer("target-pid", 0);
        Path out = Path.of(args.required("out"));
        args.rejectUnknown();
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("give at least one --path NAME=PORT[@LABEL:PID,...]");
        }
        Compare.run(paths, plan, targetPid, out);
    }

    private static void openTunnel(Args args) {
        URI endpoint = URI.create(args.required("endpoint"));
        String caFile = args.string("ca", null);
        Path ca = caFile == null ? null : Path.of(caFile);
        Path credentials = Path.of(args.required("credentials"));
        args.rejectUnknown();
        try (IoTSecureTunnelingClient api = ControlPlane.client(endpoint, ca, credentials)) {
            OpenTunnelResponse t = ControlPlane.open(api);
            System.out.println("tunnelId=" + t.tunnelId());
            System.out.println("sourceAccessToken=" + t.sourceAccessToken());
            System.out.println("destinationAccessToken=" + t.destinationAccessToken());
        }
    }

    private static void openRate(Args args) throws Exception {
        URI endpoint = URI.create(args.required("endpoint"));
        Path ca = Path.of(args.required("ca"));
        Path credentials = Path.of(args.required("credentials"));
        int calls = args.integer("calls", 2000);
        int threads = args.integer("threads", 8);
        int warmup = args.integer("warmup", 500);
        String client = args.string("client", "sdk");
        String label = args.string("label", "h2");
        long serverPid = Long.parseLong(args.string("server-pid", "0"));
        Path out = Path.of(args.required("out"));
        args.rejectUnknown();
        OpenRate.Result r;
        switch (client) {
            case "sdk" -> {
                try (IoTSecureTunnelingClient api = ControlPlane.client(endpoint, ca, credentials)) {
                    r = OpenRate.run(api, warmup, calls, threads, Duration.ofMinutes(5), serverPid);
                }
            }
            case "raw" -> {
                try (NettyOpenTunnel raw = new NettyOpenTunnel(endpoint, ca, credentials, 1)) {
                    r = OpenRate.run(raw::open, warmup, calls, threads, Duration.ofMinutes(5), serverPid);
                }
            }
            case "jdk" -> {
                RawOpenTunnel jdk = new RawOpenTunnel(endpoint, ca, credentials);
                r = OpenRate.run(jdk::open, warmup, calls, threads, Duration.ofMinutes(5), serverPid);
            }
            default -> throw new IllegalArgumentException("--client must be sdk (the AWS SDK), raw (Netty, own SigV4)"
                    + " or jdk (JDK HTTP client, SDK signer), not '" + client + "'");
        }
        double seconds = r.nanos() / 1e9;
        String text = String.format(Locale.ROOT,
                "open_%s_calls\t%d%nopen_%s_failed\t%d%nopen_%s_threads\t%d%nopen_%s_per_s\t%.1f%n"
                        + "open_%s_p50_ms\t%.2f%nopen_%s_p99_ms\t%.2f%n"
                        + "open_%s_server_cores\t%.2f%nopen_%s_client_cores\t%.2f%nopen_%s_warmup\t%d%n"
                        + "open_%s_client\t%s%n",
                label, r.calls(), label, r.failed(), label, threads, label, r.callsPerSecond(),
                label, Stats.percentile(r.sortedCallNanos(), 50) / 1e6,
                label, Stats.percentile(r.sortedCallNanos(), 99) / 1e6,
                label, r.serverCpuSeconds() / seconds, label, r.clientCpuSeconds() / seconds, label, warmup,
                label, client);
        if (r.firstFailure() != null) {
            text += "open_" + label + "_first_failure\t" + r.firstFailure().replace('\t', ' ') + "\n";
        }
        java.nio.file.Files.writeString(out, text, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        System.err.print("bench: " + text.replace("\n", "\nbench: ").replaceAll("bench: $", ""));
    }

    private static void idle(Args args) throws Exception {
        URI endpoint = URI.create(args.required("endpoint"));
        Path ca = Path.of(args.required("ca"));
        Path credentials = Path.of(args.required("credentials"));
        long serverPid = Long.parseLong(args.required("server-pid"));
        int tunnels = args.integer("tunnels", 1000);
        int holdSeconds = args.integer("hold-seconds", 0);
        int budgetSeconds = args.integer("max-seconds", 900);
        Path out = Path.of(args.required("out"));
        args.rejectUnknown();
        IdleTunnels.run(endpoint, ca, credentials, serverPid, tunnels, Duration.ofSeconds(holdSeconds),
                Duration.ofSeconds(budgetSeconds), out);
    }
}
