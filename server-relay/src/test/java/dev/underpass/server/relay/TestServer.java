package dev.underpass.server.relay;

import dev.underpass.protocol.netty.Transports;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP server as the real one wires the relay: codec, aggregator and a router that hands upgrades and
 * {@code /tunnel} requests to {@link Relay#accept}. One acceptor loop and two worker loops, which take accepted
 * connections in turn: in a fresh server the first connection is on one worker loop and the second on the other.
 */
final class TestServer implements AutoCloseable {
    final TestAuthority authority = new TestAuthority();
    final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, Transports.ioHandlerFactory());
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, Transports.ioHandlerFactory());
    final EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(2, Transports.ioHandlerFactory());
    final ExecutorService blocking = Executors.newFixedThreadPool(2);
    final ChannelGroup children = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    final Relay relay;
    final int port;
    private final Channel server;

    TestServer() throws InterruptedException {
        this(RelaySettings.DEFAULTS, 0);
    }

    /** @param socketBuffer SO_SNDBUF and SO_RCVBUF of accepted connections, 0 for the system default */
    TestServer(RelaySettings settings, int socketBuffer) throws InterruptedException {
        this(settings, socketBuffer, RelayObserver.NONE);
    }

    /** A server telling {@code observer} what the relay does. */
    TestServer(RelayObserver observer) throws InterruptedException {
        this(RelaySettings.DEFAULTS, 0, observer);
    }

    private TestServer(RelaySettings settings, int socketBuffer, RelayObserver observer) throws InterruptedException {
        relay = new Relay(settings, authority, blocking, Clock.systemUTC(), observer);
        ServerBootstrap bootstrap = new ServerBootstrap().group(boss, group).channel(Transports.serverSocketChannel())
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        children.add(ch);
                        ch.pipeline().addLast("http", new HttpServerCodec(4096, 8192, 8192))
                                .addLast("aggregator", new HttpObjectAggregator(65536))
                                .addLast("router", new Router());
                    }
                });
        if (socketBuffer > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, socketBuffer)
                    .childOption(ChannelOption.SO_RCVBUF, socketBuffer);
        }
        server = bootstrap.bind("127.0.0.1", 0).sync().channel();
        port = ((InetSocketAddress) server.localAddress()).getPort();
    }

    private final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        Router() {
            super(false);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            if (Relay.isWebSocketUpgrade(request) || new QueryStringDecoder(request.uri()).path().startsWith("/tunnel")) {
                relay.accept(ctx, request);
                return;
            }
            request.release();
            ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND,
                    Unpooled.EMPTY_BUFFER)).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void close() throws InterruptedException {
        relay.shutdown();
        server.close().sync();
        children.close().awaitUninterruptibly();
        clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        blocking.shutdownNow();
    }
}
