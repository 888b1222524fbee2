package dev.underpass.server.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The number of open tunnels, kept in memory by the store that opens and closes them, so that enforcing the
 * open-tunnel limit costs no query. It counts the tunnels with status {@code OPEN} plus the creations under way: a
 * creation takes a slot before its transaction and gives it back if the transaction fails, so racing creations can
 * never overshoot the limit. A close gives the slot back only after its commit, so the count is never below the
 * number of committed open rows.
 *
 * <p>Exact as long as this store is the only writer of the tunnels table, which the relay already assumes (both
 * sides of a tunnel must reach the same server). It is read from the database once, when the store opens.
 */
final class OpenTunnelCount {
    private final AtomicLong count;

    OpenTunnelCount(long initial) {
        if (initial < 0) {
            throw new IllegalArgumentException("initial count must not be negative, was " + initial);
        }
        this.count = new AtomicLong(initial);
    }

    /** Takes a slot unless {@code max} are taken; false when the limit is reached. */
    boolean tryTake(long max) {
        long current;
        do {
            current = count.get();
            if (current >= max) {
                return false;
            }
        } while (!count.compareAndSet(current, current + 1));
        return true;
    }

    /** Gives back a slot: a creation that failed, or an open tunnel that was closed or deleted. */
    void giveBack() {
        count.decrementAndGet();
    }

    long get() {
        return count.get();
    }
}
