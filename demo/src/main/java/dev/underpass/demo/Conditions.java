package dev.underpass.demo;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for a condition that has no event to wait on, checking it every few milliseconds up to a deadline. */
final class Conditions {
    private static final long CHECK_EVERY_MILLIS = 50;

    private Conditions() {
    }

    /**
     * Returns once {@code condition} holds.
     *
     * @throws IllegalStateException saying "{@code what}" did not happen within {@code timeout}
     */
    static void await(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(CHECK_EVERY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted", e);
            }
        }
    }
}
