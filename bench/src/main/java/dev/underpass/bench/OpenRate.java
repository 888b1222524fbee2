package dev.underpass.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * OpenTunnel calls per second: {@code calls} calls spread over {@code threads} threads sharing one client (the SDK's
 * or {@link RawOpenTunnel}), after {@code warmup} calls from the same threads, so that the server's JIT has compiled
 * the path before CPU is counted. Failed calls are counted, not retried; the first failure's message is kept.
 */
final class OpenRate {
    /** CPU seconds are those of the server (0 without its pid) and of this load tool over the measured calls. */
    record Result(int calls, int failed, String firstFailure, long nanos, long[] sortedCallNanos,
            double serverCpuSeconds, double clientCpuSeconds) {
        double callsPerSecond() {
            return (calls - failed) / (nanos / 1e9);
        }
    }

    private OpenRate() {
    }

    static Result run(IoTSecureTunnelingClient client, int warmup, int calls, int threads, Duration budget,
            long serverPid) throws Exception {
        return run(() -> ControlPlane.open(client), warmup, calls, threads, budget, serverPid);
    }

    /** {@code call} opens one tunnel, throwing on failure. */
    static Result run(Runnable call, int warmup, int calls, int threads, Duration budget, long serverPid)
            throws Exception {
        Result warm = measure(call, warmup, threads, budget, 0);
        if (warm.failed() > 0) {
            throw new IllegalStateException(warm.failed() + " of " + warmup + " warm-up calls failed, the first: "
                    + warm.firstFailure());
        }
        return measure(call, calls, threads, budget, serverPid);
    }

    private static Result measure(Runnable call, int calls, int threads, Duration budget, long serverPid)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long[] callNanos = new long[calls];
        long deadline = System.nanoTime() + budget.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long self = ProcessHandle.current().pid();
        long serverBefore = ProcStats.cpuTicks(serverPid).orElse(0);
        long clientBefore = ProcStats.cpuTicks(self).orElse(0);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < calls && System.nanoTime() < deadline) {
                        long t0 = System.nanoTime();
                        try {
                            call.run();
                        } catch (RuntimeException e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage());
                        }
                        callNanos[i] = System.nanoTime() - t0;
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get(budget.toSeconds() + 30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        long elapsed = System.nanoTime() - start;
        double server = (ProcStats.cpuTicks(serverPid).orElse(0) - serverBefore) / ProcStats.TICKS_PER_SECOND;
        double load = (ProcStats.cpuTicks(self).orElse(0) - clientBefore) / ProcStats.TICKS_PER_SECOND;
        int done = Math.min(next.get(), calls);
        long[] sorted = Arrays.copyOf(callNanos, done);
        Arrays.sort(sorted);
        return new Result(done, failed.get(), firstFailure.get(), elapsed, sorted, serverPid > 0 ? server : 0,
                load);
    }
}
