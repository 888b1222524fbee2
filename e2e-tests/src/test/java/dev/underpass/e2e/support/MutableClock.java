package dev.underpass.e2e.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that stands still until a test moves it; lets lifetime expiry be driven without waiting. */
public final class MutableClock extends Clock {
    private final AtomicReference<Instant> now;

    private MutableClock(AtomicReference<Instant> now) {
        this.now = now;
    }

    /** A clock at the current wall-clock time, so that certificates and signatures made now stay valid. */
    public static MutableClock atSystemTime() {
        return new MutableClock(new AtomicReference<>(Instant.now()));
    }

    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
