package dev.underpass.server.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Writes items that callers submit at the same time in one transaction: group commit. A caller's {@link #write}
 * returns only once a commit that includes its item has returned (or throws what writing its item threw), so an
 * item is exactly as durable as if it had been committed alone.
 *
 * <p>Why: on H2 with {@code WRITE_DELAY=0} every commit serialises and writes all the B-tree pages it changed, and
 * commits run one at a time, so concurrent creations mostly wait for each other's page writes; on PostgreSQL every
 * commit is a round trip and a WAL flush. One commit for the creations that queued up meanwhile costs about what one
 * creation's commit costs.
 *
 * <p>How: each caller queues its item, then takes the writer lock. Whoever holds the lock drains the queue (at most
 * {@code maxBatch} at a time) and writes what it drained, until its own item is written; a caller whose item an
 * earlier holder already wrote just returns its outcome. No extra thread, no timer: a lone caller writes at once.
 * A batch of one goes to {@code writeAlone}. If {@code writeTogether} throws, nothing of it was committed (it must
 * run in one transaction), and each item of that batch is written again with {@code writeAlone}, so one bad item
 * fails only its own caller.
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {
    private final Consumer<List<T>> writeTogether;
    private final Consumer<T> writeAlone;
    private final int maxBatch;
    private final ConcurrentLinkedQueue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock writer = new ReentrantLock();

    /**
     * @param writeTogether writes several items in one transaction, all or nothing
     * @param writeAlone    writes one item in its own transaction
     * @param maxBatch      the most items written together, at least 1
     */
    GroupCommit(Consumer<List<T>> writeTogether, Consumer<T> writeAlone, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        this.writeTogether = Objects.requireNonNull(writeTogether, "writeTogether");
        this.writeAlone = Objects.requireNonNull(writeAlone, "writeAlone");
        this.maxBatch = maxBatch;
    }

    /** Writes {@code item}, alone or with others submitted meanwhile; returns once it is committed. */
    void write(T item) {
        Pending<T> mine = new Pending<>(Objects.requireNonNull(item, "item"));
        queue.add(mine);
        writer.lock();
        try {
            // Only lock holders drain, in queue order: until `mine` is written it is still queued.
            while (!mine.written) {
                writeBatch(drain());
            }
        } finally {
            writer.unlock();
        }
        mine.rethrow();
    }

    /** Items submitted and not yet taken into a batch. */
    int queued() {
        return queue.size();
    }

    private List<Pending<T>> drain() {
        List<Pending<T>> batch = new ArrayList<>();
        Pending<T> next;
        while (batch.size() < maxBatch && (next = queue.poll()) != null) {
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
                batch.forEach(p -> p.written = true);
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
            p.written = true;
        }
    }

    /** One submitted item; its fields are written and read under the writer lock only. */
    private static final class Pending<T> {
        final T item;
        boolean written;
        Throwable failure;

        Pending(T item) {
            this.item = item;
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
