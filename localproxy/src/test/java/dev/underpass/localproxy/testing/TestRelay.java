package dev.underpass.localproxy.testing;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.MessageHeader;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Underpass relay in this module's tests: a WebSocket server on 127.0.0.1 that accepts one
 * source and one destination, checks the handshake (path, mode, access-token and client-token headers, a
 * sub-protocol), answers with the highest offered sub-protocol and a channel-id, sends each side SERVICE_IDS, and
 * forwards binary frames between them verbatim. It can refuse handshakes, close sessions with a code, or drop them.
 * It records what it saw so tests can check the wire. All state lives on its single event-loop thread.
 */
public final class TestRelay implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final List<String> services;
    private final Channel server;
    private final Map<Mode, Channel> sides = new ConcurrentHashMap<>();
    final Map<Mode, List<String>> clientTokens = new EnumMap<>(Mode.class);
    final Map<Mode, List<String>> offeredProtocols = new EnumMap<>(Mode.class);
    final Map<Mode, List<MessageHeader>> received = new EnumMap<>(Mode.class);
    final AtomicInteger tlsFailures = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    volatile boolean answerPings = true;
    volatile int rejectStatus;
    volatile String rejectReason;

    private TestRelay(List<String> services, SslContext tls) throws InterruptedException {
        this.services = List.copyOf(services);
        for (Mode m : Mode.values()) {
            clientTokens.put(m, new CopyOnWriteArrayList<>());
            offeredProtocols.put(m, new CopyOnWriteArrayList<>());
            received.put(m, new CopyOnWriteArrayList<>());
        }
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()), new TlsWatcher());
                        }
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new RelayHandshakeHandler(TestRelay.this));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
    }

    /** A plain (ws://) relay whose tunnel carries {@code services}. */
    public static TestRelay start(String... services) throws InterruptedException {
        return new TestRelay(List.of(services), null);
    }

    /** A TLS (wss://) relay. */
    public static TestRelay startTls(SslContext tls, String... services) throws InterruptedException {
        return new TestRelay(List.of(services), tls);
    }

    public int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<String> services() {
        return services;
    }

    /** Refuses every later handshake with this status and body. */
    public void rejectWith(int status, String reason) {
        this.rejectReason = reason;
        this.rejectStatus = status;
    }

    /** Pongs sent so far. */
    public int pongs() {
        return pongs.get();
    }

    /** Stops answering pings, like a server that has gone away behind a NAT that still holds the connection. */
    public void stopAnsweringPings() {
        answerPings = false;
    }

    /** Sends both sides a close frame. */
    public void closeAll(int code, String reason) {
        group.next().execute(() -> sides.values().forEach(ch -> ch.writeAndFlush(new CloseWebSocketFrame(code,
                reason))));
    }

    /** Drops both sides' TCP connections without a close frame. */
    public void dropAll() {
        group.next().execute(() -> sides.values().forEach(Channel::close));
    }

    /** Whether a side has a WebSocket session right now. */
    public boolean connected(Mode mode) {
        Channel ch = sides.get(mode);
        return ch != null && ch.isActive();
    }

    /** The client-token header of every handshake of a side, in order (null when absent). */
    public List<String> clientTokens(Mode mode) {
        return clientTokens.get(mode);
    }

    /** The Sec-WebSocket-Protocol header of every handshake of a side. */
    public List<String> offeredProtocols(Mode mode) {
        return offeredProtocols.get(mode);
    }

    /** Every tunnel message a side sent, parsed. */
    public List<MessageHeader> received(Mode mode) {
        return received.get(mode);
    }

    /** TLS handshakes that failed on the relay's side (e.g. the client did not trust its certificate). */
    public int tlsFailures() {
        return tlsFailures.get();
    }

    void register(Mode mode, Channel ch) {
        Channel old = sides.put(mode, ch);
        if (old != null && old != ch) {
            old.close();
        }
        ch.closeFuture().addListener(f -> sides.remove(mode, ch));
    }

    Channel peer(Mode mode) {
        return sides.get(mode.peer());
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class TlsWatcher extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
                tlsFailures.incrementAndGet();
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
