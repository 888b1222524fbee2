package dev.underpass.server.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Writes items that callers submit at the same time in one transaction: group commit. A caller's {@link #write}
 * returns only once a commit that includes its item has returned (or throws what writing its item threw), so an
 * item is exactly as durable as if it had been committed alone.
 *
 * <p>Why: on H2 with {@code WRITE_DELAY=0} every commit serialises and writes all the B-tree pages it changed plus
 * the store's own bookkeeping, and commits run one at a time; on PostgreSQL every commit is a round trip and a WAL
 * flush. One commit for the items that queued up meanwhile costs about what one item's commit costs.
 *
 * <p>How (leader and followers): each caller queues its item. One caller at a time is the leader: it takes what is
 * queued (at most {@code maxBatch}, in queue order), writes it, marks each item of the batch written and wakes its
 * caller, and goes on until its own item is written; then it stops leading and wakes the caller at the head of the
 * queue, if any, to lead next. The others wait for their item to be marked, not for a lock: a caller whose item was
 * committed returns at once, even while the next batch is being written (with a lock, it would wait for that batch
 * to finish, and its client, which could have sent the next call meanwhile, would wait with it). No extra thread, no
 * timer. A lone caller writes at once, unless the previous batch was shared: then callers are known to come close
 * together, and a leader that found only its own item waits up to {@code companyWait} for one more (an arriving
 * caller wakes it), since a commit of two costs about what a commit of one costs; a batch without company resets
 * that, so a lone caller waits at most once. A batch of one goes to {@code writeAlone}. If {@code writeTogether}
 * throws, nothing of it was committed (it must run in one transaction), and each item of that batch is written again
 * with {@code writeAlone}, so one bad item fails only its own caller.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {
    private final Consumer<List<T>> writeTogether;
    private final Consumer<T> writeAlone;
    private final int maxBatch;
    private final long companyWaitNanos;
    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean leading = new AtomicBoolean();
    /** The leader while it waits for company, for an arriving caller to wake; null otherwise. */
    private volatile Thread awaitingCompany;
    /** Whether the last batch held more than one item; written and read by leaders only. */
    private boolean lastBatchShared;

    /**
     * @param writeTogether writes several items in one transaction, all or nothing
     * @param writeAlone    writes one item in its own transaction
     * @param maxBatch      the most items written together, at least 1
     * @param companyWait   how long a leader alone after a shared batch waits for another item; zero never waits
     */
    GroupCommit(Consumer<List<T>> writeTogether, Consumer<T> writeAlone, int maxBatch, Duration companyWait) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        if (companyWait.isNegative()) {
            throw new IllegalArgumentException("companyWait must not be negative, was " + companyWait);
        }
        this.companyWaitNanos = companyWait.toNanos();
        this.writeTogether = Objects.requireNonNull(writeTogether, "writeTogether");
        this.writeAlone = Objects.requireNonNull(writeAlone, "writeAlone");
        this.maxBatch = maxBatch;
    }

    /** Writes {@code item}, alone or with others submitted meanwhile; returns once it is committed. */
    void write(T item) {
        Pending<T> mine = new Pending<>(Objects.requireNonNull(item, "item"), Thread.currentThread());
        queue.add(mine);
        Thread waiting = awaitingCompany;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
        boolean interrupted = false;
        while (!mine.written) {
            if (leading.compareAndSet(false, true)) {
                try {
                    // Only the leader drains, in queue order: until `mine` is written it is still queued.
                    while (!mine.written) {
                        List<Pending<T>> batch = drain();
                        if (batch.size() == 1 && lastBatchShared && companyWaitNanos > 0) {
                            interrupted |= awaitCompany();
                            batch.addAll(drain(maxBatch - 1));
                        }
                        lastBatchShared = batch.size() > 1;
                        writeBatch(batch);
                    }
                } finally {
                    leading.set(false);
                    handOver();
                }
            } else {
                // Woken when our item is written, or to lead; park may also return for no reason: the loop checks.
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        mine.rethrow();
    }

    /** Items submitted and not yet taken into a batch. */
    int queued() {
        return queue.size();
    }

    /** Whether a leader is waiting for company now. */
    boolean awaitingCompany() {
        return awaitingCompany != null;
    }

    /**
     * Wakes the caller at the head of the queue to lead. A caller that queued after this look tries to lead itself,
     * as {@code leading} is already false; one that queued before is seen here.
     */
    private void handOver() {
        Pending<T> next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.caller);
        }
    }

    /**
     * Parks until an item is queued or {@code companyWait} has passed. Returns whether the thread was interrupted
     * (cleared, so that parking works; the caller sets it again before returning).
     */
    private boolean awaitCompany() {
        boolean interrupted = false;
        awaitingCompany = Thread.currentThread();
        try {
            long deadline = System.nanoTime() + companyWaitNanos;
            // A caller queues, then looks for a waiting leader; this sets itself, then looks at the queue: one of the
            // two sees the other.
            while (queue.isEmpty() && !interrupted) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                LockSupport.parkNanos(this, left);
                interrupted = Thread.interrupted();
            }
        } finally {
            awaitingCompany = null;
        }
        return interrupted;
    }

    private List<Pending<T>> drain() {
        return drain(maxBatch);
    }

    private List<Pending<T>> drain(int most) {
        List<Pending<T>> batch = new ArrayList<>();
        Pending<T> next;
        while (batch.size() < most && (next = queue.poll()) != null) {
            batch.add(next);
        }
        return batch;
    }

    private void writeBatch(List<Pending<T>> batch) {
        if (batch.size() > 1) {
            List<T> items = new ArrayList<>(batch.size());
            batch.forEach(p -> items.add(p.item));
            try {
                writeTogether.accept(items);
                batch.forEach(Pending::done);
                return;
            } catch (RuntimeException | Error e) {
                // Fall through: nothing was committed; each item on its own finds out which one is at fault.
            }
        }
        for (Pending<T> p : batch) {
            try {
                writeAlone.accept(p.item);
            } catch (RuntimeException | Error e) {
                p.failure = e;
            }
            p.done();
        }
    }

    /**
     * One submitted item. {@code failure} is set by the leader before the volatile {@code written}, and read by the
     * caller after it, so the caller sees it.
     */
    private static final class Pending<T> {
        final T item;
        final Thread caller;
        Throwable failure;
        volatile boolean written;

        Pending(T item, Thread caller) {
            this.item = item;
            this.caller = caller;
        }

        void done() {
            written = true;
            if (caller != Thread.currentThread()) {
                LockSupport.unpark(caller);
            }
        }

        void rethrow() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }
}
