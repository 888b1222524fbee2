package dev.underpass.bench;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures several paths side by side in one process, round by round: in each round every path gets a one-stream
 * transfer, a parallel transfer and a latency run, the paths in a rotated order so that none always goes first.
 * One warm-up pass over every path, as long as a round, comes before round 1. Rows go to a TSV file
 * ({@code round path metric value}); {@link Report} turns them into medians and ratios.
 */
final class Compare {
    /** What each round measures. */
    record Plan(int rounds, long singleStreamBytes, int streams, long bytesPerParallelStream, int pingWarmup,
            int pings, Duration transferTimeout, Duration latencyBudget) {
    }

    private final List<PathSpec> paths;
    private final Plan plan;
    private final long targetPid;
    private final PrintWriter out;

    private Compare(List<PathSpec> paths, Plan plan, long targetPid, PrintWriter out) {
        this.paths = paths;
        this.plan = plan;
        this.targetPid = targetPid;
        this.out = out;
    }

    static void run(List<PathSpec> paths, Plan plan, long targetPid, Path results) throws Exception {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(results))) {
            out.println("round\tpath\tmetric\tvalue");
            new Compare(paths, plan, targetPid, out).measure();
        }
    }

    private void measure() throws Exception {
        // A whole round's work per path, not recorded: the JIT of three JVMs needs it (a shorter warm-up left the
        // first round of Underpass at half the speed of the next ones).
        for (PathSpec path : paths) {
            progress("warm-up " + path.name());
            Throughput.run(path.port(), 1, plan.singleStreamBytes(), plan.transferTimeout());
            Throughput.run(path.port(), plan.streams(), plan.bytesPerParallelStream(), plan.transferTimeout());
            Latency.run(path.port(), plan.pingWarmup(), plan.pings(), plan.latencyBudget());
        }
        for (int round = 1; round <= plan.rounds(); round++) {
            for (int i = 0; i < paths.size(); i++) {
                measure(round, paths.get((i + round - 1) % paths.size()));
            }
        }
    }

    private void measure(int round, PathSpec path) throws Exception {
        var before = path.snapshot();
        var endpointsBefore = endpoints();
        long busyBefore = ProcStats.systemBusyTicks();
        long t0 = System.nanoTime();
        Throughput.Result one = Throughput.run(path.port(), 1, plan.singleStreamBytes(), plan.transferTimeout());
        Throughput.Result many = Throughput.run(path.port(), plan.streams(), plan.bytesPerParallelStream(),
                plan.transferTimeout());
        Map<String, ProcStats.Counters> used = PathSpec.delta(before, path.snapshot());
        ProcStats.Counters ends = PathSpec.delta(endpointsBefore, endpoints()).values().stream()
                .reduce(ProcStats.ZERO, ProcStats.Counters::plus);
        double endpoints = ends.ticks() / ProcStats.TICKS_PER_SECOND;
        double busy = (ProcStats.systemBusyTicks() - busyBefore) / ProcStats.TICKS_PER_SECOND;
        double seconds = (System.nanoTime() - t0) / 1e9;
        double gigabytes = (one.bytes() + many.bytes()) / 1e9;

        row(round, path, "tput1_MBps", one.megabytesPerSecond());
        row(round, path, "tput" + plan.streams() + "_MBps", many.megabytesPerSecond());
        ProcStats.Counters all = used.values().stream().reduce(ProcStats.ZERO, ProcStats.Counters::plus);
        double total = all.ticks() / ProcStats.TICKS_PER_SECOND;
        if (!used.isEmpty()) {
            row(round, path, "cpu_s_per_GB", total / gigabytes);
            row(round, path, "kernel_share", all.systemTicks() / (double) Math.max(1, all.ticks()));
            used.forEach((label, c) -> {
                row(round, path, "cpu_s_per_GB:" + label, c.ticks() / ProcStats.TICKS_PER_SECOND / gigabytes);
                row(round, path, "kernel_share:" + label, c.systemTicks() / (double) Math.max(1, c.ticks()));
                row(round, path, "reads_per_MB:" + label, c.readCalls() / (gigabytes * 1000));
                row(round, path, "writes_per_MB:" + label, c.writeCalls() / (gigabytes * 1000));
            });
        }
        row(round, path, "endpoint_cpu_s_per_GB", endpoints / gigabytes);
        row(round, path, "endpoint_kernel_share", ends.systemTicks() / (double) Math.max(1, ends.ticks()));
        // Everyone else on the machine during the transfers, in cores: the noise this measurement ran under.
        row(round, path, "other_cores", Math.max(0, busy - total - endpoints) / seconds);

        Latency.Result latency = Latency.run(path.port(), plan.pingWarmup(), plan.pings(), plan.latencyBudget());
        row(round, path, "p50_us", latency.percentileMicros(50));
        row(round, path, "p99_us", latency.percentileMicros(99));
        row(round, path, "pings", latency.count());
        progress(String.format(Locale.ROOT, "round %d %-15s 1 stream %7.1f MB/s, %d streams %7.1f MB/s, "
                        + "%5.2f CPU-s/GB, p50 %6.1f us, p99 %7.1f us%s", round, path.name(),
                one.megabytesPerSecond(), plan.streams(), many.megabytesPerSecond(), total / gigabytes,
                latency.percentileMicros(50), latency.percentileMicros(99),
                latency.cutShort() ? " (latency cut short: " + latency.count() + " pings)" : ""));
    }

    /** The load tool and the target service: the ends of every path, reported apart from the path itself. */
    private Map<String, Map<Long, ProcStats.Counters>> endpoints() {
        Map<String, Map<Long, ProcStats.Counters>> ends = new LinkedHashMap<>();
        ends.put("load", ProcStats.tree(ProcessHandle.current().pid()));
        if (targetPid > 0) {
            ends.put("target", ProcStats.tree(targetPid));
        }
        return ends;
    }

    private void row(int round, PathSpec path, String metric, double value) {
        out.printf(Locale.ROOT, "%d\t%s\t%s\t%.4f%n", round, path.name(), metric, value);
        out.flush();
    }

    private static void progress(String line) {
        System.err.println("bench: " + line);
    }
}
