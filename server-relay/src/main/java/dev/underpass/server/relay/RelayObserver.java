package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;

/**
 * Learns what the relay does, for metrics. Called on event loops, often (once per relayed message): implementations
 * must be cheap, thread-safe, non-blocking, and must not throw.
 */
public interface RelayObserver {
    /** Observes nothing. */
    RelayObserver NONE = new RelayObserver() {
    };

    /** A tunnel message of {@code bytes} bytes (length prefix included) was forwarded from side {@code from}. */
    default void relayed(Mode from, int bytes) {
    }

    /** An upgrade request was refused with {@code httpStatus}. */
    default void handshakeRejected(int httpStatus) {
    }

    /** A connection was closed for breaking the protocol (close code 1003, 1008, 1009 or 1002). */
    default void violation(int closeCode) {
    }
}
