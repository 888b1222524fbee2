package dev.underpass.localproxy.tunnel;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential reconnect delays with full jitter: attempt n waits a uniformly random time between 0 and
 * {@code min(max, initial * 2^n)}. Not thread-safe.
 */
public final class Backoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before the next attempt; each call counts one more attempt. */
    public long nextDelayMillis() {
        long ceiling = attempt >= 30 ? maxMillis : Math.min(maxMillis, initialMillis << attempt);
        attempt++;
        return random.nextLong(ceiling + 1);
    }

    /** Starts over from the initial delay, after a connection that worked. */
    public void reset() {
        attempt = 0;
    }
}
