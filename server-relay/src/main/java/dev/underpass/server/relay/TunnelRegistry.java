package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * All tunnels with at least one connected side: finds or makes the {@link TunnelSession} a connection joins,
 * forgets it when its last side leaves, and counts connected sides. Thread-safe; a session is found through a
 * concurrent map and then works under its own lock (see {@link TunnelSession}).
 */
final class TunnelRegistry implements TunnelSession.Sides {
    private final ConcurrentHashMap<String, TunnelSession> sessions = new ConcurrentHashMap<>();
    private final Tombstones tombstones;
    private final ConnectionStateReporter reporter;
    private final RelayObserver observer;
    private final AtomicInteger connectedSides = new AtomicInteger();
    private final StreamCounts streamCounts = new StreamCounts();

    TunnelRegistry(Tombstones tombstones, ConnectionStateReporter reporter, RelayObserver observer) {
        this.observer = observer;
        this.tombstones = tombstones;
        this.reporter = reporter;
    }

    /** Where relay events are reported. */
    RelayObserver observer() {
        return observer;
    }

    /** To be read before an admission starts; see {@link Tombstones}. */
    long admissionEpoch() {
        return tombstones.epoch();
    }

    /** The event loop of the tunnel's current {@code side} connection's peer, or {@code null} if none is current. */
    EventLoop peerLoop(String tunnelId, Mode side) {
        return loopOf(tunnelId, side.peer());
    }

    /** The event loop of the tunnel's current {@code side} connection, or {@code null} if none is current. */
    EventLoop loopOf(String tunnelId, Mode side) {
        TunnelSession session = sessions.get(tunnelId);
        return session == null ? null : session.loopOf(side);
    }

    /** Joins the connection to its tunnel; {@code false} if it was refused (and is being closed). */
    boolean attach(RelayConnection connection, long admissionEpoch) {
        while (true) {
            TunnelSession session = sessions.computeIfAbsent(connection.tunnelId(),
                    id -> new TunnelSession(id, this, observer, streamCounts));
            switch (session.attach(connection, tombstones, admissionEpoch)) {
                case ATTACHED:
                case REPLACED:
                    return true;
                case REFUSED:
                    return false;
                default:
                    sessions.remove(connection.tunnelId(), session); // retired: make a fresh one
            }
        }
    }

    /** The connection left (closed or closing); a no-op unless it is the current one of its side. */
    void detach(RelayConnection connection) {
        TunnelSession session = connection.session();
        if (session != null && session.detach(connection) == TunnelSession.Detached.LAST) {
            sessions.remove(connection.tunnelId(), session);
        }
    }

    /** Closes both sides with 1000 and the reason, and refuses admissions that were under way. */
    void closeTunnel(String tunnelId, String reasonOrNull) {
        String reason = reasonOrNull == null || reasonOrNull.isBlank() ? "tunnel closed" : reasonOrNull;
        tombstones.bury(tunnelId, EnumSet.allOf(Mode.class), reason);
        TunnelSession session = sessions.remove(tunnelId);
        if (session != null) {
            session.retire(WebSocketCloseStatus.NORMAL_CLOSURE, reason);
        }
    }

    /** Closes the given sides with 1000 and the reason, and refuses their admissions that were under way. */
    void disconnect(String tunnelId, Set<Mode> sides, String reasonOrNull) {
        if (sides.isEmpty()) {
            return;
        }
        String reason = reasonOrNull == null || reasonOrNull.isBlank() ? "access token revoked" : reasonOrNull;
        tombstones.bury(tunnelId, sides, reason);
        TunnelSession session = sessions.get(tunnelId);
        if (session != null) {
            session.closeSides(sides, WebSocketCloseStatus.NORMAL_CLOSURE, reason);
        }
    }

    /** Closes every connection with {@code status}, and those whose admission is under way when they join. */
    void closeAll(WebSocketCloseStatus status, String reason) {
        tombstones.buryAll(status, reason); // first: a connection joining meanwhile is refused
        for (String tunnelId : sessions.keySet()) {
            TunnelSession session = sessions.remove(tunnelId);
            if (session != null) {
                session.retire(status, reason);
            }
        }
    }

    int connectedSides() {
        return connectedSides.get();
    }

    /** Streams and connections open now over all sessions. */
    StreamCounts streamCounts() {
        return streamCounts;
    }

    int tunnels() {
        return sessions.size();
    }

    boolean isConnected(String tunnelId, Mode side) {
        TunnelSession session = sessions.get(tunnelId);
        return session != null && session.isConnected(side);
    }

    TunnelSession session(String tunnelId) {
        return sessions.get(tunnelId);
    }

    @Override
    public void connected(RelayConnection connection, boolean replacedAnother) {
        if (!replacedAnother) {
            connectedSides.incrementAndGet();
        }
        reporter.report(connection.tunnelId(), connection.mode(), true);
    }

    @Override
    public void disconnected(RelayConnection connection) {
        connectedSides.decrementAndGet();
        reporter.report(connection.tunnelId(), connection.mode(), false);
    }
}
