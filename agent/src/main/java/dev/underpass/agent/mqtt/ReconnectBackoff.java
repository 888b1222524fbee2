package dev.underpass.agent.mqtt;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with jitter for MQTT reconnects: attempt {@code n} (from 0) waits a random time between half
 * and all of {@code min(max, initial × 2^n)}. The random half spreads a fleet of devices that lost the broker at the
 * same moment; the fixed half keeps one device from retrying in a tight loop.
 */
public final class ReconnectBackoff {
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public ReconnectBackoff(Duration initial, Duration max, RandomGenerator random) {
        this.initialMillis = Math.max(1, initial.toMillis());
        this.maxMillis = Math.max(initialMillis, max.toMillis());
        this.random = random;
    }

    /** The delay before reconnect attempt {@code attempt} (0 for the first after a loss). */
    public Duration delay(int attempt) {
        long cap = initialMillis << Math.min(Math.max(attempt, 0), 30);
        if (cap <= 0 || cap > maxMillis) {
            cap = maxMillis;
        }
        long half = cap / 2;
        return Duration.ofMillis(cap - half + random.nextLong(half + 1));
    }
}
