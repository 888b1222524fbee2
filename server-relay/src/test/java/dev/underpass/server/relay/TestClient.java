package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.netty.Transports;
import dev.underpass.protocol.proto.Message;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import java.net.URI;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of the relay that records every frame it receives, in order. */
final class TestClient implements AutoCloseable {
    record Closed(int status, String reason) {
    }

    record Ping(byte[] payload) {
    }

    record Pong(byte[] payload) {
    }

    private static final long WAIT_SECONDS = 10;

    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    final CompletableFuture<HttpHeaders> handshake = new CompletableFuture<>();
    final CompletableFuture<Void> disconnected = new CompletableFuture<>();
    Channel channel;

    static TestClient connect(TestServer server, Mode mode, String token) throws Exception {
        return connect(server, mode, token, null, SubProtocol.V3.headerValue(), 0);
    }

    static TestClient connect(TestServer server, Mode mode, String token, String clientToken, String subProtocols,
            int receiveBuffer) throws Exception {
        HttpHeaders headers = new DefaultHttpHeaders().set(Handshake.ACCESS_TOKEN_HEADER, token);
        if (clientToken != null) {
            headers.set(Handshake.CLIENT_TOKEN_HEADER, clientToken);
        }
        URI uri = new URI("ws://127.0.0.1:" + server.port + "/tunnel?local-proxy-mode=" + mode.wireName());
        WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri,
                WebSocketVersion.V13, subProtocols, false, headers, 200_000);
        TestClient client = new TestClient();
        Bootstrap bootstrap = new Bootstrap().group(server.clientGroup).channel(Transports.socketChannel())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65536),
                                client.new Handler(handshaker));
                    }
                });
        if (receiveBuffer > 0) {
            bootstrap.option(ChannelOption.SO_RCVBUF, receiveBuffer).option(ChannelOption.SO_SNDBUF, receiveBuffer);
        }
        ChannelFuture connected = bootstrap.connect("127.0.0.1", server.port).sync();
        client.channel = connected.channel();
        client.handshake.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** Connects and consumes SERVICE_IDS, checking it is the first message. */
    static TestClient joined(TestServer server, Mode mode, String token) throws Exception {
        TestClient client = connect(server, mode, token);
        assertThat(client.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
        return client;
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        private final WebSocketClientHandshaker handshaker;

        Handler(WebSocketClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            handshake.completeExceptionally(new IllegalStateException("closed before the handshake completed"));
            disconnected.complete(null);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (!handshaker.isHandshakeComplete()) {
                FullHttpResponse response = (FullHttpResponse) msg;
                try {
                    handshaker.finishHandshake(ctx.channel(), response);
                    handshake.complete(response.headers().copy());
                } catch (RuntimeException e) {
                    handshake.completeExceptionally(e);
                }
                return;
            }
            WebSocketFrame frame = (WebSocketFrame) msg;
            byte[] content = ByteBufUtil.getBytes(frame.content());
            if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
                received.add(content);
            } else if (frame instanceof CloseWebSocketFrame close) {
                received.add(new Closed(close.statusCode(), close.reasonText()));
            } else if (frame instanceof PingWebSocketFrame) {
                received.add(new Ping(content));
            } else if (frame instanceof PongWebSocketFrame) {
                received.add(new Pong(content));
            } else {
                received.add(frame.getClass().getSimpleName());
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            received.add(cause);
            ctx.close();
        }
    }

    HttpHeaders responseHeaders() throws Exception {
        return handshake.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** Sends one binary frame holding all the given bytes (any number of tunnel messages, or parts of them). */
    void send(byte[]... parts) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Msgs.concat(parts))));
    }

    /** Sends {@code bytes} as one fragmented binary message, cut at the given offsets. */
    void sendFragmented(byte[] bytes, int... cuts) {
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : bytes.length;
            boolean last = i == cuts.length;
            var content = Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, start, end));
            channel.write(i == 0 ? new BinaryWebSocketFrame(last, 0, content)
                    : new ContinuationWebSocketFrame(last, 0, content));
            start = end;
        }
        channel.flush();
    }

    void sendFrame(WebSocketFrame frame) {
        channel.writeAndFlush(frame);
    }

    Object next() throws InterruptedException {
        Object next = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(next).as("a frame within " + WAIT_SECONDS + " s").isNotNull();
        return next;
    }

    byte[] nextBinary() throws InterruptedException {
        Object next = next();
        assertThat(next).isInstanceOf(byte[].class);
        return (byte[]) next;
    }

    Message nextMessage() throws InterruptedException {
        return Msgs.parse(nextBinary());
    }

    /** Skips binary frames until the close frame; then waits for the TCP connection to end. */
    Closed awaitClose() throws Exception {
        while (true) {
            Object next = next();
            if (next instanceof Closed closed) {
                disconnected.get(WAIT_SECONDS, TimeUnit.SECONDS);
                return closed;
            }
            assertThat(next).as("only data before the close frame").isInstanceOf(byte[].class);
        }
    }

    boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }
}
