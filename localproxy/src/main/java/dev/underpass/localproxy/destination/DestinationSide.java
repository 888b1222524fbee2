package dev.underpass.localproxy.destination;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.bridge.LocalChannelHandler;
import dev.underpass.localproxy.bridge.LocalChannels;
import dev.underpass.localproxy.bridge.LocalSide;
import dev.underpass.localproxy.bridge.ServiceMatch;
import dev.underpass.localproxy.bridge.ServiceMismatchException;
import dev.underpass.localproxy.bridge.ServiceStreams;
import dev.underpass.localproxy.bridge.TunnelConnection;
import dev.underpass.localproxy.tunnel.ConnectionKey;
import dev.underpass.localproxy.tunnel.Failures;
import dev.underpass.localproxy.tunnel.TunnelLink;
import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.netty.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The destination side: each STREAM_START or CONNECTION_START opens a TCP connection to the address mapped for its
 * service; if that fails the peer gets a reset for it (CONNECTION_RESET with a connection id, else STREAM_RESET).
 * It answers in the peer's format, echoing service and connection ids as received, so it serves V1, V2 and V3
 * sources alike.
 */
public final class DestinationSide implements LocalSide {
    private static final Logger LOG = LoggerFactory.getLogger(DestinationSide.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private final LocalProxyConfig config;
    private final Bootstrap bootstrap;
    private final Map<String, ServiceStreams> streams = new HashMap<>();
    private Map<String, HostPort> targets = Map.of();
    private TunnelLink link;

    public DestinationSide(LocalProxyConfig config, EventLoop loop) {
        this.config = config;
        this.bootstrap = LocalChannels.configure(new Bootstrap().group(loop).channel(Transports.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS));
    }

    @Override
    public CompletableFuture<Void> sessionStarted(TunnelLink newLink, List<String> serviceIds) {
        Map<String, HostPort> matched = new LinkedHashMap<>();
        try {
            for (ServiceMatch<HostPort> m : ServiceMatch.match(config.destinations(), serviceIds, null)) {
                matched.put(m.serviceId(), m.value());
            }
        } catch (ServiceMismatchException e) {
            return CompletableFuture.failedFuture(e);
        }
        sessionEnded();
        targets = matched;
        link = newLink;
        targets.forEach((service, target) -> LOG.info("forwarding {}to {}",
                service.isEmpty() ? "" : "service " + service + " ", target));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void message(TunnelFrame frame) {
        MessageHeader h = frame.header();
        switch (h.type()) {
            case STREAM_START -> startStream(h);
            case CONNECTION_START -> startConnection(h);
            default -> {
                ServiceStreams s = streams.get(h.serviceId());
                if (s == null || !s.dispatch(frame)) {
                    LOG.debug("dropping {}: no such stream", h);
                }
            }
        }
    }

    private void startStream(MessageHeader h) {
        HostPort target = target(h.serviceId());
        if (target == null) {
            refuse(h, "no destination is mapped for service '" + h.serviceId() + "'");
            return;
        }
        ServiceStreams s = streams.computeIfAbsent(h.serviceId(), ServiceStreams::new);
        s.startStream(h.streamId());
        open(s, h, target);
    }

    private void startConnection(MessageHeader h) {
        ServiceStreams s = streams.get(h.serviceId());
        HostPort target = target(h.serviceId());
        if (s == null || target == null || s.streamId() != h.streamId()) {
            refuse(h, "its stream is not open");
        } else if (s.contains(h.connectionId())) {
            refuse(h, "that connection id is already open");
        } else {
            open(s, h, target);
        }
    }

    private void open(ServiceStreams s, MessageHeader h, HostPort target) {
        if (s.size() >= config.maxConnectionsPerService()) {
            refuse(h, config.maxConnectionsPerService() + " connections are already open for this service");
            return;
        }
        ConnectionKey key = s.key(h.connectionId());
        TunnelConnection connection = new TunnelConnection(key, link, s::removed);
        s.add(connection);
        InetSocketAddress remote = InetSocketAddress.createUnresolved(target.host(), target.port());
        Bootstrap b = bootstrap.clone().handler(new LocalChannelHandler(connection));
        ChannelFuture f = config.bindAddress() == null ? b.connect(remote)
                : b.connect(remote, new InetSocketAddress(config.bindAddress(), 0));
        f.addListener(done -> {
            if (done.isSuccess()) {
                LOG.info("opened {} to {}", key, target);
            } else {
                LOG.warn("cannot reach {} for {}: {}", target, key, Failures.describe(done.cause()));
                connection.abandonIfNeverAttached();
            }
        });
    }

    private void refuse(MessageHeader h, String why) {
        ConnectionKey key = new ConnectionKey(h.serviceId(), h.streamId(), h.connectionId());
        LOG.warn("refusing {}: {}", key, why);
        link.sendControl(key.resetType(), key);
    }

    /** The address for a service; a message without service id (V1 peer) goes to the only one. */
    private HostPort target(String serviceId) {
        HostPort t = targets.get(serviceId);
        if (t == null && serviceId.isEmpty() && targets.size() == 1) {
            t = targets.values().iterator().next();
        }
        return t;
    }

    @Override
    public void sessionReset() {
        streams.values().forEach(ServiceStreams::dropAll);
        streams.clear();
    }

    @Override
    public void sessionEnded() {
        sessionReset();
        link = null;
    }

    @Override
    public OptionalInt localPort(String serviceId) {
        return OptionalInt.empty();
    }

    @Override
    public void shutdown() {
        sessionEnded();
    }
}
