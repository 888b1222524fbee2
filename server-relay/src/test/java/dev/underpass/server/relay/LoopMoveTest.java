package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.netty.Transports;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.socket.SocketChannel;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LoopMove} on real sockets: the channel moves and then works on its new loop, or stays and works there. */
@ExtendWith(NettyLeakGuard.class)
class LoopMoveTest {
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, Transports.ioHandlerFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(2, Transports.ioHandlerFactory());
    private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
    private final Echo echo = new Echo();
    private Channel server;
    private Socket client;

    @BeforeEach
    void connect() throws Exception {
        server = new ServerBootstrap().group(boss, workers).channel(Transports.serverSocketChannel())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(echo);
                        accepted.complete(ch);
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
        client.setSoTimeout(10_000);
    }

    @AfterEach
    void close() throws Exception {
        client.close();
        server.close().sync();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }

    @Test
    void theChannelJoinsOnTheTargetLoopAndWorksThere() throws Exception {
        Channel channel = acceptedAndRegistered();
        EventLoop origin = channel.eventLoop();
        EventLoop target = otherWorker(origin);

        int registrations = echo.registrations.get();
        EventLoop joinedOn = move(channel, target);

        assertThat(joinedOn).isSameAs(target);
        assertThat(echo.registrations.get()).isEqualTo(registrations + 1);
        assertThat(channel.eventLoop()).isSameAs(target);
        assertThat(channel.isRegistered()).isTrue();
        assertThat(echo("after the move")).isEqualTo("after the move");
    }

    @Test
    void aChannelTheTargetCannotTakeJoinsWhereItWas() throws Exception {
        Channel channel = acceptedAndRegistered();
        EventLoop origin = channel.eventLoop();
        // An I/O loop of another kind (in-VM channels): it refuses a socket channel's registration.
        EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoop incompatible = (EventLoop) local.next();
        try {
            int registrations = echo.registrations.get();
            EventLoop joinedOn = move(channel, incompatible);

            assertThat(joinedOn).isSameAs(origin);
            assertThat(echo.registrations.get()).as("left its loop and came back").isEqualTo(registrations + 1);
            assertThat(channel.eventLoop()).isSameAs(origin);
            assertThat(channel.isRegistered()).isTrue();
            assertThat(echo("stayed")).isEqualTo("stayed");
        } finally {
            local.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void aLoopThatIsNotAnIoLoopIsNoTarget() throws Exception {
        Channel channel = acceptedAndRegistered();
        EventLoop origin = channel.eventLoop();
        DefaultEventLoop plain = new DefaultEventLoop();
        try {
            int registrations = echo.registrations.get();
            assertThat(move(channel, plain)).isSameAs(origin);
            assertThat(echo.registrations.get()).as("never left its loop").isEqualTo(registrations);
            assertThat(echo("not moved")).isEqualTo("not moved");
        } finally {
            plain.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void noTargetOrTheSameLoopJoinsAtOnce() throws Exception {
        Channel channel = acceptedAndRegistered();
        EventLoop origin = channel.eventLoop();

        assertThat(move(channel, null)).isSameAs(origin);
        assertThat(move(channel, origin)).isSameAs(origin);
        assertThat(echo("here")).isEqualTo("here");
    }

    @Test
    void withoutAPeerTheTargetIsTheTunnelsHomeLoopWhicheverLoopTheChannelIsOn() throws Exception {
        Channel channel = acceptedAndRegistered();
        EventLoop other = otherWorker(channel.eventLoop());
        assertThat(LoopMove.target(channel, other, "tunnel-0")).as("the peer's loop comes first").isSameAs(other);

        List<EventLoop> homes = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            homes.add(LoopMove.target(channel, null, "tunnel-" + i));
        }
        assertThat(homes).doesNotContainNull();
        assertThat(new HashSet<>(homes)).as("tunnels spread over both loops").hasSize(2);

        assertThat(move(channel, other)).isSameAs(other);
        for (int i = 0; i < 16; i++) {
            assertThat(LoopMove.target(channel, null, "tunnel-" + i)).as("tunnel-%d from the other loop", i)
                    .isSameAs(homes.get(i));
        }
    }

    private Channel acceptedAndRegistered() throws Exception {
        Channel channel = accepted.get(10, TimeUnit.SECONDS);
        await().until(() -> echo.registrations.get() == 1); // its first registration has passed the pipeline
        return channel;
    }

    /** Starts the move on the channel's loop; returns the loop the join ran on ({@code null}: another thread). */
    private static EventLoop move(Channel channel, EventLoop target) throws Exception {
        CompletableFuture<EventLoop> joined = new CompletableFuture<>();
        channel.eventLoop().execute(() -> LoopMove.thenJoin(channel, target, () -> {
            EventLoop loop = channel.eventLoop().inEventLoop() ? channel.eventLoop() : null;
            channel.read();
            // Told after the registration (if any) has fired its event through the pipeline.
            channel.eventLoop().execute(() -> joined.complete(loop));
        }));
        return joined.get(10, TimeUnit.SECONDS);
    }

    private EventLoop otherWorker(EventLoop loop) {
        for (var executor : workers) {
            if (executor != loop) {
                return (EventLoop) executor;
            }
        }
        throw new IllegalStateException("one worker loop only");
    }

    private String echo(String text) throws Exception {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        client.getOutputStream().write(bytes);
        InputStream in = client.getInputStream();
        return new String(in.readNBytes(bytes.length), StandardCharsets.US_ASCII);
    }

    /** Writes back what it reads and asks for the next read, as a relayed channel with auto-read off does. */
    @ChannelHandler.Sharable
    private static final class Echo extends ChannelInboundHandlerAdapter {
        final AtomicInteger registrations = new AtomicInteger();

        @Override
        public void channelRegistered(ChannelHandlerContext ctx) {
            registrations.incrementAndGet();
            ctx.fireChannelRegistered();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ctx.write(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            ctx.flush();
            ctx.read();
        }
    }
}
