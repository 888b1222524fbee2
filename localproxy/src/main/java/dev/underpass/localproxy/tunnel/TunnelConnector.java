package dev.underpass.localproxy.tunnel;

import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.protocol.netty.Transports;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.ssl.SslContext;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one WebSocket connection to the server: connects, and after any failure, 5xx answer or dropped session
 * reconnects with {@link Backoff} forever, sending the same client token each time. It stops on a 4xx answer, on a
 * normal close frame from the server, or on {@link #close()}. Event-loop confined.
 */
public final class TunnelConnector {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelConnector.class);
    private static final int CONNECT_TIMEOUT_MILLIS = 15_000;
    /** Outbound bytes queued for the server above which local sockets stop being read. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final LocalProxyConfig config;
    private final EventLoop loop;
    private final TunnelEvents events;
    private final Backoff backoff;
    private final Bootstrap bootstrap;
    private final String clientToken;
    private final SslContext serverTls;
    private final SslContext proxyTls;
    private Channel current;
    private TunnelLink currentLink;
    private ScheduledFuture<?> retry;
    private boolean closed;

    public TunnelConnector(LocalProxyConfig config, String clientToken, EventLoop loop, TunnelEvents events,
            Backoff backoff) {
        this.config = config;
        this.clientToken = clientToken;
        this.loop = loop;
        this.events = events;
        this.backoff = backoff;
        this.serverTls = config.endpoint().tls() ? TlsContexts.client(config.caPath(), config.insecureTls()) : null;
        this.proxyTls = config.httpsProxy() != null && config.httpsProxy().tls()
                ? TlsContexts.client(config.caPath(), config.insecureTls()) : null;
        this.bootstrap = new Bootstrap().group(loop).channel(Transports.socketChannel())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
        if (config.httpsProxy() != null) {
            bootstrap.resolver(NoopAddressResolverGroup.INSTANCE); // the proxy resolves the server's name
        }
    }

    /** Makes the first attempt. */
    public void start() {
        attempt();
    }

    /** Stops reconnecting and closes the session with a normal close frame. */
    public void close() {
        closed = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (currentLink != null) {
            currentLink.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "local proxy stopped");
        } else if (current != null) {
            current.close();
        }
    }

    private void attempt() {
        if (closed) {
            return;
        }
        Attempt attempt = new Attempt();
        // Unresolved: the bootstrap's resolver looks the name up, or the proxy does (no-op resolver).
        InetSocketAddress target = InetSocketAddress.createUnresolved(config.endpoint().address().host(),
                config.endpoint().address().port());
        LOG.debug("connecting to {}{}", config.endpoint(),
                config.httpsProxy() != null ? " through " + config.httpsProxy() : "");
        ChannelFuture f = bootstrap.clone()
                .handler(new TunnelChannelInitializer(config, clientToken, serverTls, proxyTls, events, attempt))
                .connect(target);
        current = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                attempt.handshakeFailed(Failures.describe(done.cause()));
            }
        });
    }

    private void scheduleRetry(String why) {
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        LOG.warn("cannot connect to {}: {}; retrying in {} ms", config.endpoint(), why, delay);
        retry = loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    private void linkClosed(TunnelLink link) {
        currentLink = null;
        if (closed) {
            return;
        }
        if (link.closeCode() == WebSocketCloseStatus.NORMAL_CLOSURE.code()) {
            closed = true;
            events.closedByServer(link.closeReason());
            return;
        }
        events.disconnected(link);
        String why = link.closeCode() < 0 ? "the connection dropped"
                : "the server closed the session with " + link.closeCode() + " " + link.closeReason();
        long delay = backoff.nextDelayMillis();
        LOG.warn("{}; reconnecting in {} ms", why, delay);
        retry = loop.schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    /** One connection attempt; it settles once. */
    private final class Attempt implements HandshakeObserver {
        private boolean settled;

        @Override
        public void handshakeSucceeded(TunnelLink link) {
            if (settle()) {
                if (closed) {
                    link.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "local proxy stopped");
                    return;
                }
                backoff.reset();
                currentLink = link;
                LOG.info("connected to {} ({}, channel-id {})", config.endpoint(), link.protocol().headerValue(),
                        link.channelId());
                events.connected(link);
                link.closeFuture().addListener(f -> linkClosed(link));
            }
        }

        @Override
        public void handshakeRejected(String message) {
            if (settle() && !closed) {
                closed = true;
                events.rejected(message);
            }
        }

        @Override
        public void handshakeFailed(String message) {
            if (settle()) {
                scheduleRetry(message);
            }
        }

        private boolean settle() {
            boolean first = !settled;
            settled = true;
            return first;
        }
    }
}
