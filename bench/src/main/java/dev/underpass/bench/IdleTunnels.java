package dev.underpass.bench;

import dev.underpass.protocol.Mode;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * Idle tunnels one server holds: measures the server's heap after a full GC and its resident memory, then opens
 * {@code n} tunnels, connects both sides of each with a {@link TunnelSockets} connection, waits until the server
 * is quiet, and measures again. The difference divided by {@code n} is the cost of one idle tunnel. Optionally holds
 * the tunnels past the server's idle timeout and counts how many are still connected.
 */
final class IdleTunnels {
    /** Connections being set up at once: well under the relay's 256 pending admissions. */
    static final int CONNECTS_IN_FLIGHT = 64;
    /**
     * "Quiet": the server used at most this share of one core over two seconds. Not zero: with thousands of
     * connections the server answers pings all the time (about 0.1 core for 10,000 tunnels here).
     */
    static final double QUIET_CORE_SHARE = 0.3;
    /** Longest wait for quiet; after it the measurement is taken anyway. */
    static final Duration QUIET_WAIT = Duration.ofSeconds(120);

    private IdleTunnels() {
    }

    static void run(URI endpoint, Path ca, Path credentials, long serverPid, int n, Duration holdFor, Duration budget,
            Path out) throws Exception {
        long deadline = System.nanoTime() + budget.toNanos();
        List<String[]> rows = new ArrayList<>();
        awaitQuiet(serverPid, deadline);
        long heapBefore = JvmProbe.heapUsedAfterGcKb(serverPid);
        long rssBefore = ProcStats.statusKb(serverPid, "VmRSS");
        rows.add(row("tunnels_requested", n));
        rows.add(row("heap_before_kb", heapBefore));
        rows.add(row("rss_before_kb", rssBefore));
        rows.add(row("threads_before", ProcStats.statusKb(serverPid, "Threads")));

        try (IoTSecureTunnelingClient api = ControlPlane.client(endpoint, ca, credentials);
             TunnelSockets sockets = new TunnelSockets(endpoint, ca)) {
            long t0 = System.nanoTime();
            List<OpenTunnelResponse> tunnels = open(api, n, deadline);
            rows.add(row("open_seconds", (System.nanoTime() - t0) / 1e9));

            long t1 = System.nanoTime();
            AtomicReference<String> firstFailure = new AtomicReference<>();
            Connected connected = connectAll(sockets, tunnels, deadline, firstFailure);
            rows.add(row("tunnels_opened", tunnels.size()));
            rows.add(row("connect_seconds", (System.nanoTime() - t1) / 1e9));
            rows.add(row("sides_connected", connected.sides()));
            rows.add(row("tunnels_connected", connected.tunnels()));
            if (firstFailure.get() != null) {
                rows.add(new String[] {"first_failure", firstFailure.get().replace('\t', ' ')});
            }

            awaitQuiet(serverPid, deadline);
            long heapAfter = JvmProbe.heapUsedAfterGcKb(serverPid);
            long rssAfter = ProcStats.statusKb(serverPid, "VmRSS");
            rows.add(row("heap_after_kb", heapAfter));
            rows.add(row("rss_after_kb", rssAfter));
            rows.add(row("rss_hwm_kb", ProcStats.statusKb(serverPid, "VmHWM")));
            rows.add(row("threads_after", ProcStats.statusKb(serverPid, "Threads")));
            rows.add(row("fds_after", ProcStats.openFiles(serverPid)));
            int pairs = Math.max(1, connected.tunnels());
            rows.add(row("heap_per_tunnel_kb", (heapAfter - heapBefore) / (double) pairs));
            rows.add(row("rss_per_tunnel_kb", (rssAfter - rssBefore) / (double) pairs));
            rows.add(row("idle_cpu_cores", coresOver(serverPid, Duration.ofSeconds(10))));

            if (!holdFor.isZero()) {
                long until = Math.min(deadline, System.nanoTime() + holdFor.toNanos());
                while (System.nanoTime() < until) {
                    Thread.sleep(1000); // holding idle is the point here; nothing to wait for
                }
                rows.add(row("held_seconds", holdFor.toSeconds()));
                rows.add(row("sockets_open_after_hold", sockets.openCount()));
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            for (String[] r : rows) {
                w.println(r[0] + "\t" + r[1]);
            }
        }
        rows.forEach(r -> System.err.println("bench: idle " + r[0] + " = " + r[1]));
    }

    private static List<OpenTunnelResponse> open(IoTSecureTunnelingClient api, int n, long deadline)
            throws Exception {
        ConcurrentLinkedQueue<OpenTunnelResponse> opened = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(CompletableFuture.runAsync(() -> {
                    if (System.nanoTime() < deadline) {
                        opened.add(ControlPlane.open(api));
                    }
                }, pool));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } finally {
            pool.shutdownNow();
        }
        return new ArrayList<>(opened);
    }

    /** Sides connected, and tunnels with both sides connected. */
    record Connected(int sides, int tunnels) {
    }

    private static Connected connectAll(TunnelSockets sockets, List<OpenTunnelResponse> tunnels, long deadline,
            AtomicReference<String> firstFailure) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<?>> sides = new ArrayList<>();
        List<CompletableFuture<Void>> pairs = new ArrayList<>();
        for (OpenTunnelResponse t : tunnels) {
            List<CompletableFuture<?>> pair = new ArrayList<>();
            for (Mode mode : new Mode[] {Mode.DESTINATION, Mode.SOURCE}) {
                if (!inFlight.tryAcquire(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                    break;
                }
                String token = mode == Mode.SOURCE ? t.sourceAccessToken() : t.destinationAccessToken();
                pair.add(sockets.connect(mode, token).whenComplete((ch, e) -> {
                    inFlight.release();
                    if (e != null) {
                        firstFailure.compareAndSet(null, String.valueOf(e.getMessage()));
                    }
                }));
            }
            sides.addAll(pair);
            pairs.add(CompletableFuture.allOf(pair.toArray(CompletableFuture[]::new)));
        }
        try {
            CompletableFuture.allOf(sides.toArray(CompletableFuture[]::new))
                    .get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // counted below: a failed or unfinished side is not connected
        }
        return new Connected(succeeded(sides), succeeded(pairs));
    }

    private static int succeeded(List<? extends CompletableFuture<?>> futures) {
        return (int) futures.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    }

    /**
     * Waits until the server's CPU use drops to {@link #QUIET_CORE_SHARE} (admissions and connection-state writes
     * done), at most {@link #QUIET_WAIT} and never past the deadline.
     */
    static void awaitQuiet(long pid, long deadline) throws InterruptedException {
        long until = Math.min(deadline, System.nanoTime() + QUIET_WAIT.toNanos());
        while (System.nanoTime() < until) {
            if (coresOver(pid, Duration.ofSeconds(2)) <= QUIET_CORE_SHARE) {
                return;
            }
        }
    }

    /** The cores the process used on average over the next {@code period}. */
    static double coresOver(long pid, Duration period) throws InterruptedException {
        long before = ProcStats.cpuTicks(pid).orElse(0);
        Thread.sleep(period.toMillis()); // sampling CPU use over the period is the measurement
        return (ProcStats.cpuTicks(pid).orElse(0) - before) / ProcStats.TICKS_PER_SECOND
                / (period.toMillis() / 1000.0);
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }

    private static String[] row(String key, double value) {
        return new String[] {key, value == Math.rint(value) ? Long.toString((long) value)
                : String.format(Locale.ROOT, "%.2f", value)};
    }
}
