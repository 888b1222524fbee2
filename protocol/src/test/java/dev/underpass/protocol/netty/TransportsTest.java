package dev.underpass.protocol.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.netty.Transports.Kind;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class TransportsTest {
    @Test
    void unsetPicksEpollWhenItLoadsAndNioOtherwise() {
        assertThat(Transports.choose(null, () -> null)).isEqualTo(Kind.EPOLL);
        assertThat(Transports.choose(null, () -> "no native library")).isEqualTo(Kind.NIO);
        assertThat(Transports.choose("", () -> null)).isEqualTo(Kind.EPOLL);
    }

    @Test
    void nioForcesNioEvenWhereEpollLoads() {
        assertThat(Transports.choose("nio", () -> null)).isEqualTo(Kind.NIO);
        assertThat(Transports.choose(" NIO ", () -> null)).isEqualTo(Kind.NIO);
    }

    @Test
    void epollIsRequiredWhenAskedFor() {
        assertThat(Transports.choose("epoll", () -> null)).isEqualTo(Kind.EPOLL);
        assertThatThrownBy(() -> Transports.choose("epoll", () -> "libnetty_transport_native_epoll not found"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("underpass.transport=epoll")
                .hasMessageContaining("libnetty_transport_native_epoll not found")
                .hasMessageContaining("underpass.transport=nio");
    }

    @Test
    void anUnknownValueIsRefusedByName() {
        assertThatThrownBy(() -> Transports.choose("io_uring", () -> null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("underpass.transport must be 'nio' or 'epoll'")
                .hasMessageContaining("got 'io_uring'");
    }

    @Test
    void thisProcessUsesWhatThePropertyAndThePlatformSay() {
        String property = System.getProperty(Transports.PROPERTY);
        boolean linuxX64 = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && System.getProperty("os.arch").equals("amd64");
        if ("nio".equals(property)) {
            assertThat(Transports.kind()).isEqualTo(Kind.NIO);
            assertThat(Transports.socketChannel()).isEqualTo(NioSocketChannel.class);
        } else if (linuxX64) {
            // The native library ships for this platform, so it must load.
            assertThat(Transports.epollUnavailable()).isNull();
            assertThat(Transports.kind()).isEqualTo(Kind.EPOLL);
            assertThat(Transports.socketChannel()).isEqualTo(EpollSocketChannel.class);
        } else {
            assertThat(Transports.kind()).isEqualTo(Kind.NIO);
        }
    }

    @Test
    void bytesCrossAConnectionBuiltFromTheChosenTransport() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, Transports.ioHandlerFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(Transports.serverSocketChannel())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    ctx.writeAndFlush(msg);
                                }
                            });
                        }
                    })
                    .bind("127.0.0.1", 0).sync().channel();
            CompletableFuture<String> echoed = new CompletableFuture<>();
            StringBuilder received = new StringBuilder();
            Channel client = new Bootstrap().group(group).channel(Transports.socketChannel())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            received.append(msg.toString(StandardCharsets.US_ASCII));
                            if (received.length() >= 5) {
                                echoed.complete(received.toString());
                            }
                        }
                    })
                    .connect(server.localAddress()).sync().channel();
            assertThat(((InetSocketAddress) client.remoteAddress()).getPort())
                    .isEqualTo(((InetSocketAddress) server.localAddress()).getPort());

            client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));

            assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
            assertThat(client.config().getOption(ChannelOption.TCP_NODELAY)).isTrue();
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}
