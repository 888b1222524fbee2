package dev.underpass.server.audit;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.ApiObserver.ApiCallRecord;
import dev.underpass.server.store.AuditEvent;
import dev.underpass.server.store.AuditKind;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** Builds audit entries for API calls and tunnel events; the names of the tunnel events are constants here. */
public final class AuditEvents {
    public static final String SIDE_CONNECTED = "SIDE_CONNECTED";
    public static final String SIDE_DISCONNECTED = "SIDE_DISCONNECTED";
    public static final String TOKENS_ROTATED = "TOKENS_ROTATED";
    public static final String CLOSED = "CLOSED";
    public static final String EXPIRED = "EXPIRED";
    public static final String OK = "ok";

    private AuditEvents() {
    }

    static AuditEvent apiCall(ApiCallRecord call, Instant at) {
        return new AuditEvent(null, at, AuditKind.API_CALL, call.operation() == null ? "unknown" : call.operation(),
                call.errorType() == null ? OK : call.errorType(), call.httpStatus(), call.accessKeyId(), null,
                call.tunnelId(), call.thingName(), null, call.remoteAddress(), call.requestId(), null, null, null);
    }

    static AuditEvent sideConnected(String tunnelId, Mode side, SocketAddress remote, Instant at) {
        return event(at, SIDE_CONNECTED, tunnelId, side, remote, null, null, null);
    }

    /** Bytes per direction of the tunnel: for a source, what it sent went source to destination. */
    static AuditEvent sideDisconnected(String tunnelId, Mode side, SocketAddress remote, long fromSide, long toSide,
            Instant at) {
        boolean source = side == Mode.SOURCE;
        return event(at, SIDE_DISCONNECTED, tunnelId, side, remote, source ? fromSide : toSide,
                source ? toSide : fromSide, null);
    }

    static AuditEvent tokensRotated(String tunnelId, Set<Mode> sides, Instant at) {
        Set<String> names = new TreeSet<>();
        sides.forEach(mode -> names.add(mode.name()));
        return event(at, TOKENS_ROTATED, tunnelId, null, null, null, null, "sides=" + String.join(",", names));
    }

    static AuditEvent closed(String tunnelId, Instant at) {
        return event(at, CLOSED, tunnelId, null, null, null, null, null);
    }

    static AuditEvent expired(String tunnelId, Instant at) {
        return event(at, EXPIRED, tunnelId, null, null, null, null, "lifetime reached");
    }

    private static AuditEvent event(Instant at, String action, String tunnelId, Mode side, SocketAddress remote,
            Long sourceToDestination, Long destinationToSource, String detail) {
        return new AuditEvent(null, at, AuditKind.TUNNEL_EVENT, action, OK, null, null, null, tunnelId, null,
                side == null ? null : side.name(), address(remote), null, sourceToDestination, destinationToSource,
                detail);
    }

    /** {@code host:port} without a name lookup. */
    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return remote == null ? null : remote.toString();
    }
}
