package dev.underpass.localproxy.tunnel;

import dev.underpass.localproxy.HttpsProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.ProtocolLimits;
import dev.underpass.protocol.TunnelFrameDecoder;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.proxy.HttpProxyHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Assembles the pipeline of one tunnel connection, in one place. Before the handshake:
 * {@code [proxy-tls] [http-proxy] [tls] http-codec http-aggregator handshake}; after it (the handshaker swaps the
 * HTTP codec for WebSocket frame codecs): {@code … ws-decoder ws-encoder idle frames tunnel-decoder dispatcher}.
 */
final class TunnelChannelInitializer extends ChannelInitializer<SocketChannel> {
    static final String PROXY_TLS = "proxy-tls";
    static final String HTTP_PROXY = "http-proxy";
    static final String TLS = "tls";
    static final String HTTP_CODEC = "http-codec";
    static final String HTTP_AGGREGATOR = "http-aggregator";
    static final String HANDSHAKE = "handshake";
    static final String IDLE = "idle";
    static final String FRAMES = "frames";
    static final String TUNNEL_DECODER = "tunnel-decoder";
    static final String DISPATCHER = "dispatcher";

    /** Largest handshake answer kept: enough for any error page, whose first line becomes the reason. */
    private static final int MAX_HANDSHAKE_RESPONSE_BYTES = 64 * 1024;
    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(20);
    /** How many ping intervals without any read make the server count as gone. */
    private static final int SILENT_PINGS = 3;

    private final LocalProxyConfig config;
    private final String clientToken;
    private final SslContext serverTls;
    private final SslContext proxyTls;
    private final TunnelEvents events;
    private final HandshakeObserver observer;

    TunnelChannelInitializer(LocalProxyConfig config, String clientToken, SslContext serverTls, SslContext proxyTls,
            TunnelEvents events, HandshakeObserver observer) {
        this.config = config;
        this.clientToken = clientToken;
        this.serverTls = serverTls;
        this.proxyTls = proxyTls;
        this.events = events;
        this.observer = observer;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        HttpsProxy proxy = config.httpsProxy();
        if (proxy != null) {
            if (proxy.tls()) {
                p.addLast(PROXY_TLS, proxyTls.newHandler(ch.alloc(), proxy.address().host(), proxy.address().port()));
            }
            InetSocketAddress proxyAddress = new InetSocketAddress(proxy.address().host(), proxy.address().port());
            p.addLast(HTTP_PROXY, proxy.username() == null ? new HttpProxyHandler(proxyAddress)
                    : new HttpProxyHandler(proxyAddress, proxy.username(), proxy.password()));
        }
        if (config.endpoint().tls()) {
            p.addLast(TLS, serverTls.newHandler(ch.alloc(), config.endpoint().address().host(),
                    config.endpoint().address().port()));
        }
        p.addLast(HTTP_CODEC, new HttpClientCodec());
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_HANDSHAKE_RESPONSE_BYTES));
        p.addLast(HANDSHAKE, new HandshakeHandler(handshaker(), observer, HANDSHAKE_TIMEOUT, link -> {
            long idle = config.pingInterval().toMillis() * SILENT_PINGS;
            p.addLast(IDLE, new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
            p.addLast(FRAMES, new WebSocketFrameReader(link));
            p.addLast(TUNNEL_DECODER, new TunnelFrameDecoder());
            p.addLast(DISPATCHER, new TunnelMessageDispatcher(link, events));
            link.startPinging(config.pingInterval());
        }));
    }

    private WebSocketClientHandshaker handshaker() {
        HttpHeaders headers = new DefaultHttpHeaders()
                .add(Handshake.ACCESS_TOKEN_HEADER, config.accessToken())
                .add(Handshake.CLIENT_TOKEN_HEADER, clientToken)
                .add(HttpHeaderNames.USER_AGENT, UserAgent.VALUE);
        return WebSocketClientHandshakerFactory.newHandshaker(config.endpoint().tunnelUri(config.mode()),
                WebSocketVersion.V13, config.protocol().headerValue(), false, headers,
                ProtocolLimits.MAX_WEBSOCKET_FRAME_BYTES, true, false, 10_000L, false, false);
    }
}
