package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.proto.Message;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;

/**
 * The pairing of one tunnel's two sides: the current connection of each side, the {@link StreamTracker} of the
 * session between them, and the forwarding of messages from one to the other.
 *
 * <p>Threading: the two connections usually share one event loop (the second to join moves to the first's, see
 * {@link LoopMove}), but may live on different ones, and the API calls in from its own threads. The lock is therefore
 * kept, though mostly uncontended.
 * Every method holds this object's lock, so pairing, tracking and forwarding are atomic with respect to each other:
 * a message is either forwarded to the peer that is current at that moment (and tracked), or answered as for an
 * absent peer; a side that leaves makes the survivor reset exactly the streams forwarded before. Under the lock,
 * calls into connections only enqueue writes and tasks (Netty never blocks on them), so no lock is held for long,
 * and locks are taken in one order only: session, then tombstones, then the state reporter. When the peer is on the
 * caller's loop, a call into it runs at once, so it may re-enter the session on the same thread (a close that leaves,
 * a flush that makes it writable); the lock is re-entrant and every method copes with the sides changing under it.
 */
final class TunnelSession {
    enum Attached { ATTACHED, REPLACED, REFUSED, RETIRED }

    enum Detached { NOT_CURRENT, DETACHED, LAST }

    /** Told, under the session lock, when a side becomes current or stops being current (not when replaced). */
    interface Sides {
        void connected(RelayConnection connection, boolean replacedAnother);

        void disconnected(RelayConnection connection);
    }

    private final String tunnelId;
    private final Sides listener;
    private final RelayObserver observer;
    private final EnumMap<Mode, RelayConnection> sides = new EnumMap<>(Mode.class);
    private final StreamTracker streams;
    private boolean retired;

    TunnelSession(String tunnelId, Sides listener, RelayObserver observer, StreamCounts counts) {
        this.streams = new StreamTracker(counts);
        this.observer = observer;
        this.tunnelId = tunnelId;
        this.listener = listener;
    }

    /**
     * Makes {@code connection} the current one of its side, replacing (and closing) an older one, unless the
     * session is retired or the connection's admission was revoked since it began (then it is closed).
     */
    synchronized Attached attach(RelayConnection connection, Tombstones tombstones, long admissionEpoch) {
        if (retired) {
            return Attached.RETIRED;
        }
        Tombstones.Revocation revoked = tombstones.revokedSince(tunnelId, connection.mode(), admissionEpoch);
        if (revoked != null) {
            connection.close(revoked.status(), revoked.reason());
            return Attached.REFUSED;
        }
        connection.bind(this);
        RelayConnection old = sides.put(connection.mode(), connection);
        RelayConnection peer = sides.get(connection.mode().peer());
        if (old != null) {
            resetStreams(peer);
            old.close(WebSocketCloseStatus.NORMAL_CLOSURE, "replaced by a new connection");
        }
        listener.connected(connection, old != null);
        if (old != null) {
            reportLeft(old);
        }
        observer.sideConnected(tunnelId, connection.mode(), connection.remoteAddress());
        if (peer != null) {
            peer.wakeUp();
        }
        return old == null ? Attached.ATTACHED : Attached.REPLACED;
    }

    /** Removes {@code connection} if it is current; the survivor gets a STREAM_RESET per active stream. */
    synchronized Detached detach(RelayConnection connection) {
        if (sides.get(connection.mode()) != connection) {
            return Detached.NOT_CURRENT;
        }
        sides.remove(connection.mode());
        RelayConnection survivor = sides.get(connection.mode().peer());
        resetStreams(survivor);
        listener.disconnected(connection);
        reportLeft(connection);
        if (survivor != null) {
            survivor.wakeUp();
            return Detached.DETACHED;
        }
        retired = true; // an empty session is never reused: the registry makes a new one
        return Detached.LAST;
    }

    /**
     * Forwards one message from {@code from} to its peer (taking ownership of the frame), or, with no peer, answers
     * a STREAM_START/CONNECTION_START with a reset and drops anything else. Called on {@code from}'s event loop.
     *
     * @return the peer written to, which the caller flushes at the end of its read batch; {@code null} if none
     */
    synchronized RelayConnection route(RelayConnection from, TunnelFrame frame) {
        if (sides.get(from.mode()) != from) {
            frame.release(); // replaced or leaving: its input no longer counts
            return null;
        }
        RelayConnection peer = sides.get(from.mode().peer());
        if (peer == null) {
            Message answer = StreamTracker.answerForAbsentPeer(frame.header());
            frame.release();
            if (answer != null) {
                from.answer(answer);
            }
            return null;
        }
        streams.observe(frame.header());
        int bytes = frame.content().readableBytes();
        observer.relayed(from.mode(), bytes);
        from.bytesFromSide += bytes;
        peer.bytesToSide += bytes;
        peer.forward(frame);
        return peer;
    }

    /** Whether {@code connection} may read more: its peer is absent or below its high water mark. */
    synchronized boolean peerWritable(RelayConnection connection) {
        RelayConnection peer = sides.get(connection.mode().peer());
        return peer == null || peer.channel().isWritable();
    }

    /** {@code connection} became writable: its peer may have paused reading because of it. */
    synchronized void wakePeerOf(RelayConnection connection) {
        if (sides.get(connection.mode()) == connection) {
            RelayConnection peer = sides.get(connection.mode().peer());
            if (peer != null) {
                peer.wakeUp();
            }
        }
    }

    /** Closes the current connections of {@code which}; they leave as for any disconnect. */
    synchronized void closeSides(Set<Mode> which, WebSocketCloseStatus status, String reason) {
        for (Mode mode : which) {
            RelayConnection connection = sides.get(mode);
            if (connection != null) {
                connection.close(status, reason);
            }
        }
    }

    /** Takes no more connections and closes the current ones. */
    synchronized void retire(WebSocketCloseStatus status, String reason) {
        retired = true;
        for (RelayConnection connection : new ArrayList<>(sides.values())) {
            connection.close(status, reason);
        }
    }

    /** The event loop of the current connection of {@code mode}, or {@code null} if none is current. */
    synchronized EventLoop loopOf(Mode mode) {
        RelayConnection connection = sides.get(mode);
        return connection == null ? null : connection.channel().eventLoop();
    }

    synchronized boolean isConnected(Mode mode) {
        return sides.containsKey(mode);
    }

    /** Active stream id per service, for tests and diagnostics. */
    synchronized int activeStream(String serviceId) {
        return streams.activeStream(serviceId);
    }

    private void reportLeft(RelayConnection connection) {
        observer.sideDisconnected(tunnelId, connection.mode(), connection.remoteAddress(), connection.bytesFromSide,
                connection.bytesToSide);
    }

    private void resetStreams(RelayConnection survivor) {
        List<Message> resets = streams.drainResets();
        if (survivor != null && !resets.isEmpty()) {
            survivor.send(resets);
        }
    }
}
