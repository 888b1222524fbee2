package dev.underpass.localproxy.bridge;

import dev.underpass.localproxy.tunnel.ConnectionKey;
import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.TunnelFrame;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current stream of one service in one session and its connections, keyed by connection id (0 for V1/V2
 * sessions). Messages for another stream id are stale and dropped, as AWS's protocol guide says. A V1/V2 stream ends
 * with its only connection; a V3 stream lives until a STREAM_RESET or the end of the session. Event-loop confined.
 */
public final class ServiceStreams {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceStreams.class);

    private final String serviceId;
    private final Map<Integer, TunnelConnection> connections = new HashMap<>();
    private int streamId;

    /** @param serviceId the service id as written in messages (empty for V1) */
    public ServiceStreams(String serviceId) {
        this.serviceId = serviceId;
    }

    public String serviceId() {
        return serviceId;
    }

    /** The current stream id, 0 when none. */
    public int streamId() {
        return streamId;
    }

    public boolean hasStream() {
        return streamId != 0;
    }

    /** Open connections of the current stream. */
    public int size() {
        return connections.size();
    }

    public boolean contains(int connectionId) {
        return connections.containsKey(connectionId);
    }

    /**
     * Makes {@code id} the current stream. Connections still open are closed without telling the peer: a new
     * STREAM_START supersedes them, even one that reuses the stream id (a peer that reconnected counts from 1 again).
     */
    public void startStream(int id) {
        closeAll(TunnelConnection::closeSilently);
        streamId = id;
    }

    /** The key of a connection of the current stream. */
    public ConnectionKey key(int connectionId) {
        return new ConnectionKey(serviceId, streamId, connectionId);
    }

    /** Adds a connection of the current stream; it leaves by itself when its socket closes. */
    public void add(TunnelConnection connection) {
        connections.put(connection.key().connectionId(), connection);
    }

    /** Call when a connection's socket closed. */
    public void removed(TunnelConnection connection) {
        ConnectionKey k = connection.key();
        if (connections.remove(k.connectionId(), connection) && k.connectionId() == 0 && k.streamId() == streamId) {
            streamId = 0; // a V1/V2 stream ends with its connection
        }
    }

    /** Ends the current stream, telling the peer. */
    public void resetStream() {
        closeAll(TunnelConnection::reset);
        streamId = 0;
    }

    /** Ends the current stream without telling the peer (session over or reset by the server). */
    public void dropAll() {
        closeAll(TunnelConnection::closeSilently);
        streamId = 0;
    }

    /**
     * Handles DATA, STREAM_RESET and CONNECTION_RESET for this service.
     *
     * @return false for any other type, which the caller handles
     */
    public boolean dispatch(TunnelFrame frame) {
        MessageHeader h = frame.header();
        switch (h.type()) {
            case DATA -> {
                TunnelConnection c = find(h);
                if (c != null) {
                    c.writeFromTunnel(frame.retainedPayload());
                } else {
                    LOG.debug("dropping DATA for {}: no such connection", h);
                }
                return true;
            }
            case STREAM_RESET -> {
                if (h.streamId() == streamId) {
                    closeAll(TunnelConnection::closeFromPeer);
                    streamId = 0;
                }
                return true;
            }
            case CONNECTION_RESET -> {
                TunnelConnection c = find(h);
                if (c != null) {
                    connections.remove(c.key().connectionId());
                    c.closeFromPeer();
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The connection a message is for; a message without connection id reaches a stream's only connection. */
    private TunnelConnection find(MessageHeader h) {
        if (h.streamId() != streamId || streamId == 0) {
            return null;
        }
        TunnelConnection c = connections.get(h.connectionId());
        if (c == null && h.connectionId() == 0 && connections.size() == 1) {
            c = connections.values().iterator().next(); // a V2 peer answering a V3 source
        }
        return c;
    }

    private void closeAll(Consumer<TunnelConnection> how) {
        List<TunnelConnection> all = new ArrayList<>(connections.values());
        connections.clear();
        all.forEach(how);
    }
}
