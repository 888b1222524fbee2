package dev.underpass.server.mqtt.notify;

/** Learns the outcome of every tunnel notification, for metrics. Called from any thread; must not block. */
public interface NotifyObserver {
    NotifyObserver NONE = outcome -> { };

    /** Outcomes: the values of {@link Outcome}. */
    void notified(Outcome outcome);

    /** What became of one notification. */
    enum Outcome {
        /** The broker accepted it (delivered, or queued for an offline persistent session). */
        DELIVERED,
        /** The broker refused it or could not be reached. */
        FAILED,
        /** The notifier's queue was full: the notification was dropped. */
        DROPPED;

        /** The metric label. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
