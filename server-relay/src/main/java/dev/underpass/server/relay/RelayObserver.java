package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import java.net.SocketAddress;

/**
 * Learns what the relay does, for metrics and the audit trail. Called on event loops, often (once per relayed
 * message), and the side events under a tunnel's lock: implementations must be cheap, thread-safe, non-blocking,
 * and must not throw.
 */
public interface RelayObserver {
    /** Observes nothing. */
    RelayObserver NONE = new RelayObserver() {
    };

    /** A tunnel message of {@code bytes} bytes (length prefix included) was forwarded from side {@code from}. */
    default void relayed(Mode from, int bytes) {
    }

    /** An upgrade request was refused with {@code httpStatus}, for the reason {@code reason}. */
    default void handshakeRejected(int httpStatus, RejectionReason reason) {
    }

    /** A connection was closed for breaking the protocol (close code 1003, 1008, 1009 or 1002). */
    default void violation(int closeCode) {
    }

    /** A side became its tunnel's current connection, alone or replacing an older one (reported as disconnected). */
    default void sideConnected(String tunnelId, Mode side, SocketAddress remote) {
    }

    /**
     * A side stopped being its tunnel's current connection (it closed, or a newer connection replaced it), with the
     * tunnel message bytes (length prefixes included) relayed from it to its peer and from its peer to it meanwhile.
     */
    default void sideDisconnected(String tunnelId, Mode side, SocketAddress remote, long bytesFromSide,
            long bytesToSide) {
    }
}
