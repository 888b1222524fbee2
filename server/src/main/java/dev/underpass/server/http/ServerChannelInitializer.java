package dev.underpass.server.http;

import dev.underpass.server.api.http.ControlApiHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.util.function.Supplier;

/**
 * Assembles the pipeline of every accepted connection in one place: TLS (unless plain), HTTP, aggregation, the
 * router, and the control API handler. The relay replaces the HTTP part when a connection becomes a tunnel.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
    public static final String TLS = "tls";
    public static final String TRANSPORT_NOISE = "transport-noise";
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

    public ServerChannelInitializer(SslContext sslContext, HttpRouter router, Supplier<ChannelHandler> apiHandler) {
        this.sslContext = sslContext;
        this.router = router;
        this.apiHandler = apiHandler;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (sslContext != null) {
            p.addLast(TLS, sslContext.newHandler(ch.alloc()));
        }
        p.addLast(TRANSPORT_NOISE, TransportNoise.INSTANCE);
        p.addLast(HTTP_CODEC, new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192));
        p.addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(ControlApiHandler.MAX_CONTENT_LENGTH));
        p.addLast(ROUTER, router);
        p.addLast(HttpRouter.API_HANDLER, apiHandler.get());
    }
}
