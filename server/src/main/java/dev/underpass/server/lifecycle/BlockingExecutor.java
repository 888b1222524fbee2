package dev.underpass.server.lifecycle;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The pool that runs blocking work (database calls of the API and of tunnel admission) off the event loops. It is
 * bounded in threads and in queued tasks: when both are full, submission is rejected and the caller answers
 * "retry later" (503 / ThrottlingException) instead of queueing without limit.
 */
public final class BlockingExecutor {
    public static final int DEFAULT_THREADS = 16;
    public static final int DEFAULT_QUEUE = 4096;

    private BlockingExecutor() {
    }

    public static ThreadPoolExecutor create(int threads, int queue) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "underpass-blocking-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(queue), factory, new ThreadPoolExecutor.AbortPolicy());
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }
}
