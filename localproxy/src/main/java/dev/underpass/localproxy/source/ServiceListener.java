package dev.underpass.localproxy.source;

import dev.underpass.localproxy.bridge.LocalChannelHandler;
import dev.underpass.localproxy.bridge.ServiceStreams;
import dev.underpass.localproxy.bridge.TunnelConnection;
import dev.underpass.localproxy.tunnel.ConnectionKey;
import dev.underpass.localproxy.tunnel.TunnelLink;
import dev.underpass.protocol.proto.Message;
import io.netty.channel.Channel;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of one service and what its accepted connections become in the current session. With connection ids
 * (V3) the first connection starts a stream and later ones join it with CONNECTION_START; without (V1/V2) every
 * connection starts a new stream and a new connection replaces (resets) the previous one, as AWS's localproxy does.
 * Stream ids count from 1 in each session. Connections beyond the per-service limit, or arriving while the tunnel
 * is down, are closed at once. Event-loop confined, except {@link #port()}.
 */
final class ServiceListener {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceListener.class);

    private final String serviceId;
    private final int maxConnections;
    private volatile int port;
    private Channel serverChannel;
    private TunnelLink link;
    private ServiceStreams streams;
    private int lastStreamId;
    private int lastConnectionId;

    ServiceListener(String serviceId, int maxConnections) {
        this.serviceId = serviceId;
        this.maxConnections = maxConnections;
    }

    String serviceId() {
        return serviceId;
    }

    int port() {
        return port;
    }

    void bound(Channel server, int boundPort) {
        this.serverChannel = server;
        this.port = boundPort;
    }

    ServiceStreams streams() {
        return streams;
    }

    /** A session began; messages of this service carry {@code wireServiceId}. */
    void sessionStarted(TunnelLink newLink, String wireServiceId) {
        if (streams != null) {
            streams.dropAll();
        }
        link = newLink;
        streams = new ServiceStreams(wireServiceId);
        lastStreamId = 0;
    }

    void sessionEnded() {
        if (streams != null) {
            streams.dropAll();
        }
        link = null;
        streams = null;
    }

    void accepted(SocketChannel ch) {
        String who = ch.remoteAddress() + " on port " + port + (serviceId.isEmpty() ? "" : " (" + serviceId + ")");
        if (link == null || !link.isOpen()) {
            LOG.info("refusing {}: the tunnel is not connected", who);
            ch.close();
            return;
        }
        if (streams.size() >= maxConnections) {
            LOG.warn("refusing {}: {} connections are already open for this service (the limit)", who,
                    maxConnections);
            ch.close();
            return;
        }
        ConnectionKey key;
        Message.Type start;
        if (link.protocol().carriesConnectionIds() && streams.hasStream()) {
            key = streams.key(++lastConnectionId);
            start = Message.Type.CONNECTION_START;
        } else {
            if (streams.hasStream()) {
                streams.resetStream(); // one connection per stream without connection ids
            }
            streams.startStream(++lastStreamId);
            lastConnectionId = link.protocol().carriesConnectionIds() ? 1 : 0;
            key = streams.key(lastConnectionId);
            start = Message.Type.STREAM_START;
        }
        TunnelConnection connection = new TunnelConnection(key, link, streams::removed);
        streams.add(connection);
        ch.pipeline().addLast(new LocalChannelHandler(connection));
        link.sendControl(start, key);
        LOG.info("accepted {} as {}", who, key);
    }

    void close() {
        sessionEnded();
        if (serverChannel != null) {
            serverChannel.close();
        }
    }
}
