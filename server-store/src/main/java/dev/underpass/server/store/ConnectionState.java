package dev.underpass.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The connection state of one side of a tunnel and when it last changed.
 *
 * @param status        connected or not
 * @param lastUpdatedAt when {@code status} was last set
 */
public record ConnectionState(ConnectionStatus status, Instant lastUpdatedAt) {

    public ConnectionState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
    }

    /** A side nobody is connected to, as of {@code at}. */
    public static ConnectionState disconnected(Instant at) {
        return new ConnectionState(ConnectionStatus.DISCONNECTED, at);
    }
}
