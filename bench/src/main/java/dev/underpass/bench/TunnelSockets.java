package dev.underpass.bench;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.ProtocolLimits;
import dev.underpass.protocol.SubProtocol;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/**
 * Bare data-plane connections for the scale test: one WebSocket per tunnel side, upgraded with the access token,
 * counted as connected when the server's first message (SERVICE_IDS) arrives, then left idle. Pings are answered by
 * Netty's WebSocket handler, so a connection stays alive as long as the server keeps it. Thousands of these cost the
 * load tool a few kB each, where a local proxy process would cost tens of MB.
 */
final class TunnelSockets implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ChannelGroup open = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final URI endpoint;
    private final SslContext ssl;

    /** {@code endpoint} is the server's https:// or http:// address; the CA is needed for https only. */
    TunnelSockets(URI endpoint, Path caFile) throws IOException {
        this.endpoint = endpoint;
        this.ssl = endpoint.getScheme().equals("https")
                ? SslContextBuilder.forClient().trustManager(caFile.toFile())
                        .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK).build()
                : null;
    }

    /** Connects one side; completes when SERVICE_IDS arrived, fails when the connection ends before. */
    CompletableFuture<Channel> connect(Mode mode, String accessToken) {
        CompletableFuture<Channel> admitted = new CompletableFuture<>();
        String scheme = ssl != null ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + endpoint.getHost() + ":" + endpoint.getPort() + Handshake.PATH + "?"
                + Handshake.MODE_PARAMETER + "=" + mode.wireName());
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(SubProtocol.V3.headerValue())
                .customHeaders(new DefaultHttpHeaders().set(Handshake.ACCESS_TOKEN_HEADER, accessToken))
                .maxFramePayloadLength(ProtocolLimits.MAX_WEBSOCKET_FRAME_BYTES)
                .handshakeTimeoutMillis(60_000)
                .dropPongFrames(true)
                .build();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), endpoint.getHost(), endpoint.getPort()));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(8192),
                                new WebSocketClientProtocolHandler(config), new FirstMessage(admitted));
                    }
                });
        ChannelFuture connecting = bootstrap.connect(endpoint.getHost(), endpoint.getPort());
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                admitted.completeExceptionally(f.cause());
                return;
            }
            Channel ch = connecting.channel();
            open.add(ch);
            ch.closeFuture().addListener(c -> admitted.completeExceptionally(
                    new IOException(mode.wireName() + " connection closed before SERVICE_IDS")));
        });
        return admitted;
    }

    /** Connections open now. */
    int openCount() {
        return open.size();
    }

    @Override
    public void close() {
        open.close().awaitUninterruptibly(30_000);
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly(30_000);
    }

    /** Completes the admission with the first binary frame; drops everything after it. */
    private static final class FirstMessage extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        private final CompletableFuture<Channel> admitted;

        FirstMessage(CompletableFuture<Channel> admitted) {
            this.admitted = admitted;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
            admitted.complete(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            admitted.completeExceptionally(cause);
            ctx.close();
        }
    }
}
