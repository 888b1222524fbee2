package dev.underpass.localproxy.source;

import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ServiceMappings;
import dev.underpass.localproxy.bridge.LocalChannels;
import dev.underpass.localproxy.bridge.LocalSide;
import dev.underpass.localproxy.bridge.ServiceMatch;
import dev.underpass.localproxy.bridge.ServiceMismatchException;
import dev.underpass.localproxy.tunnel.Failures;
import dev.underpass.localproxy.tunnel.TunnelLink;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.netty.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source side: at the first SERVICE_IDS it binds one listener per service of the tunnel (the configured port,
 * or an ephemeral one for a service without mapping), and turns each accepted connection into a stream or
 * connection of the tunnel. Listeners stay bound across reconnects; connections do not survive a session.
 */
public final class SourceSide implements LocalSide {
    private static final Logger LOG = LoggerFactory.getLogger(SourceSide.class);

    private final LocalProxyConfig config;
    private final EventLoop loop;
    /** By the service id written in messages (empty for V1); also read by other threads through localPort. */
    private final Map<String, ServiceListener> listeners = new ConcurrentHashMap<>();
    private CompletableFuture<Void> bound;

    public SourceSide(LocalProxyConfig config, EventLoop loop) {
        this.config = config;
        this.loop = loop;
    }

    @Override
    public CompletableFuture<Void> sessionStarted(TunnelLink link, List<String> serviceIds) {
        if (bound == null) {
            try {
                bound = bind(link, serviceIds);
            } catch (ServiceMismatchException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        for (ServiceListener l : listeners.values()) {
            l.sessionStarted(link, link.protocol().carriesServiceIds() ? l.serviceId() : ServiceMappings.UNNAMED);
        }
        return bound;
    }

    private CompletableFuture<Void> bind(TunnelLink link, List<String> serviceIds) {
        if (!link.protocol().carriesServiceIds() && serviceIds.size() > 1) {
            throw new ServiceMismatchException("a V1 session carries one service, but the tunnel has " + serviceIds
                    + "; use V2 or V3");
        }
        List<ServiceMatch<Integer>> matches = ServiceMatch.match(config.listenPorts(), serviceIds, 0);
        List<CompletableFuture<Void>> binds = new ArrayList<>();
        for (ServiceMatch<Integer> m : matches) {
            ServiceListener listener = new ServiceListener(m.serviceId(), config.maxConnectionsPerService());
            listeners.put(m.serviceId(), listener);
            binds.add(bind(listener, m.value()));
        }
        return CompletableFuture.allOf(binds.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> bind(ServiceListener listener, int port) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        ServerBootstrap b = LocalChannels.configure(new ServerBootstrap().group(loop)
                .channel(Transports.serverSocketChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        listener.accepted(ch);
                    }
                }));
        String where = config.listenAddress() + ":" + port;
        ChannelFuture f = b.bind(config.listenAddress(), port);
        f.addListener(done -> {
            if (done.isSuccess()) {
                int actual = ((InetSocketAddress) f.channel().localAddress()).getPort();
                listener.bound(f.channel(), actual);
                LOG.info("listening on {}:{}{}", config.listenAddress(), actual,
                        listener.serviceId().isEmpty() ? "" : " for service " + listener.serviceId());
                result.complete(null);
            } else {
                result.completeExceptionally(new IllegalStateException("cannot listen on " + where
                        + (listener.serviceId().isEmpty() ? "" : " for service " + listener.serviceId()) + ": "
                        + Failures.describe(done.cause())));
            }
        });
        return result;
    }

    @Override
    public void message(TunnelFrame frame) {
        ServiceListener l = find(frame.header().serviceId());
        if (l == null || l.streams() == null) {
            LOG.debug("dropping {}: unknown service", frame.header());
        } else if (!l.streams().dispatch(frame)) {
            LOG.warn("ignoring {}: only a source starts streams", frame.header());
        }
    }

    /** The listener of a service; a message without service id (V1) is for the only one. */
    private ServiceListener find(String serviceId) {
        ServiceListener l = listeners.get(serviceId);
        if (l == null && serviceId.isEmpty() && listeners.size() == 1) {
            l = listeners.values().iterator().next();
        }
        return l;
    }

    @Override
    public void sessionReset() {
        listeners.values().stream().filter(l -> l.streams() != null).forEach(l -> l.streams().dropAll());
    }

    @Override
    public void sessionEnded() {
        listeners.values().forEach(ServiceListener::sessionEnded);
    }

    @Override
    public OptionalInt localPort(String serviceId) {
        ServiceListener l = find(serviceId);
        if (l == null && listeners.size() == 1 && config.listenPorts().containsKey(serviceId)) {
            l = listeners.values().iterator().next(); // a named mapping used for a tunnel without named services
        }
        return l == null || l.port() == 0 ? OptionalInt.empty() : OptionalInt.of(l.port());
    }

    @Override
    public void shutdown() {
        listeners.values().forEach(ServiceListener::close);
    }
}
