package dev.underpass.server.http;

import dev.underpass.server.api.http.ControlApiHandler;
import dev.underpass.server.mqtt.gate.DeviceEntries;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assembles the pipeline of every connection to the HTTPS port in one place: TLS (unless plain), then by the ALPN
 * protocol the client chose either MQTT ({@value DeviceEntries#ALPN_PROTOCOL}: the device gate) or HTTP, aggregation,
 * the router and the control API handler. The relay replaces the HTTP part when a connection becomes a tunnel, and
 * the device gate when it becomes MQTT over WebSocket.
 *
 * <pre>
 * tls → transport-noise → protocol ─┬─ x-amzn-mqtt-ca ─▶ mqtt-first-packet → mqtt-gate
 *                                   └─ http/1.1 (or none) ─▶ http-codec → http-aggregator → router → control-api
 * </pre>
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerChannelInitializer.class);
    public static final String TLS = "tls";
    public static final String TRANSPORT_NOISE = "transport-noise";
    public static final String PROTOCOL = "protocol";
    public static final String HTTP_CODEC = "http-codec";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String ROUTER = "router";

    /** Longest request line; longer ones get 431. */
    static final int MAX_INITIAL_LINE = 4096;
    /** Headers up to this size are parsed; the relay applies the 4 KiB handshake limit itself, with its reason. */
    static final int MAX_HEADER_SIZE = 8192;

    private final SslContext sslContext;
    private final HttpRouter router;
    private final Supplier<ChannelHandler> apiHandler;
    private final DeviceEntries devices;

    public ServerChannelInitializer(SslContext sslContext, HttpRouter router, Supplier<ChannelHandler> apiHandler) {
        this(sslContext, router, apiHandler, null);
    }

    /** @param devices the MQTT device entries, or null when devices do not connect to this server */
    public ServerChannelInitializer(SslContext sslContext, HttpRouter router, Supplier<ChannelHandler> apiHandler,
            DeviceEntries devices) {
        this.sslContext = sslContext;
        this.router = router;
        this.apiHandler = apiHandler;
        this.devices = devices;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext == null) {
            p.addLast(TRANSPORT_NOISE, TransportNoise.INSTANCE);
            addHttp(p);
            return;
        }
        p.addLast(TLS, sslContext.newHandler(ch.alloc()));
        p.addLast(TRANSPORT_NOISE, TransportNoise.INSTANCE);
        p.addLast(PROTOCOL, new ProtocolSwitch());
    }

    private void addHttp(ChannelPipeline p) {
        p.addLast(HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192));
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(ControlApiHandler.MAX_CONTENT_LENGTH));
        p.addLast(ROUTER, router);
        p.addLast(HttpRouter.API_HANDLER, apiHandler.get());
    }

    /** Waits for the TLS handshake, then installs MQTT or HTTP by the negotiated ALPN protocol. */
    private final class ProtocolSwitch extends ApplicationProtocolNegotiationHandler {
        ProtocolSwitch() {
            super(ApplicationProtocolNames.HTTP_1_1);
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (protocol.equals(DeviceEntries.ALPN_PROTOCOL) && devices != null) {
                devices.installGate(ctx.pipeline());
            } else {
                addHttp(ctx.pipeline());
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            // Clients that do not trust our CA, scanners, plain HTTP on the TLS port: noise, as TransportNoise says.
            LOG.debug("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
