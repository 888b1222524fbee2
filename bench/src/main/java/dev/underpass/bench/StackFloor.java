package dev.underpass.bench;

import dev.underpass.protocol.ProtocolLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The memory floor of the local proxy's stack: the smallest client that does what a local proxy must do on the
 * tunnel side and nothing else — Netty's epoll transport, a BoringSSL TLS connection that checks the server's
 * certificate, a WebSocket upgrade to {@code /tunnel} with protocol V3, and DATA messages both ways. No local
 * sockets, no command line parser, no log output, no protobuf runtime (the few message fields are written by hand).
 *
 * <p>Run with the proxies' JVM options, its peak RSS is what any program on this stack needs for the same work, so
 * the bench reports the proxies' RSS next to it. A pair runs against one tunnel: the source sends STREAM_START and
 * {@code --mb} MiB of DATA; the destination counts them, then sends {@code --mb} MiB back; the source counts those.
 * Each side prints its {@code VmRSS}/{@code VmHWM} when started, when connected and when done, then exits:
 * <pre>stack-floor PHASE rss_kb=N hwm_kb=N</pre>
 * Usage: {@code StackFloor --endpoint HOST:PORT --ca FILE --mode source|destination --mb N [--service ID]}; the
 * access token comes from {@code AWSIOT_TUNNEL_ACCESS_TOKEN}, as for the proxies.
 */
public final class StackFloor {
    /** Payload bytes per DATA message: the most the protocol allows, what the proxies send in bulk transfers. */
    static final int PAYLOAD = ProtocolLimits.MAX_DATA_PAYLOAD_BYTES;
    private static final int TYPE_DATA = 1;
    private static final int TYPE_STREAM_START = 2;

    private final boolean source;
    private final byte[] service;
    private final long messages;
    private long toSend;
    private long received;
    private boolean answered;
    private boolean finished;

    private StackFloor(String mode, String service, long mb) {
        this.source = mode.equals("source");
        this.service = service.getBytes(StandardCharsets.UTF_8);
        this.messages = (mb * 1024 * 1024 + PAYLOAD - 1) / PAYLOAD;
    }

    public static void main(String[] argv) throws Exception {
        report("started");
        // The JDK's logging at its default level (INFO): Netty would otherwise find the SLF4J binding on the proxy's
        // class path, whose default configuration logs at DEBUG, and measure a logger the proxy does not run.
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
        Args args = new Args(argv, 0);
        String endpoint = args.required("endpoint");
        File ca = new File(args.required("ca"));
        String mode = args.required("mode");
        int mb = args.integer("mb", 512);
        String service = args.string("service", "bench");
        args.rejectUnknown();
        if (!mode.equals("source") && !mode.equals("destination")) {
            throw new IllegalArgumentException("--mode must be source or destination, got '" + mode + "'");
        }
        String token = System.getenv("AWSIOT_TUNNEL_ACCESS_TOKEN");
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("AWSIOT_TUNNEL_ACCESS_TOKEN is not set");
        }
        int colon = endpoint.lastIndexOf(':');
        if (colon < 1 || !endpoint.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new IllegalArgumentException("--endpoint must be HOST:PORT, got '" + endpoint + "'");
        }
        String host = endpoint.substring(0, colon);
        int port = Integer.parseInt(endpoint.substring(colon + 1));
        new StackFloor(mode, service, mb).run(host, port, ca, token);
    }

    private void run(String host, int port, File ca, String token) throws Exception {
        SslContext ssl = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL)
                .protocols("TLSv1.3", "TLSv1.2").endpointIdentificationAlgorithm("HTTPS").trustManager(ca).build();
        String mode = source ? "source" : "destination";
        var handshaker = WebSocketClientHandshakerFactory.newHandshaker(
                new URI("wss://" + host + ":" + port + "/tunnel?local-proxy-mode=" + mode), WebSocketVersion.V13,
                "aws.iot.securetunneling-3.0", false, new DefaultHttpHeaders().add("access-token", token), 131072);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            Channel channel = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                    .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port), new HttpClientCodec(),
                                    new HttpObjectAggregator(8192), new WebSocketClientProtocolHandler(handshaker),
                                    new Peer());
                        }
                    }).connect(host, port).sync().channel();
            channel.closeFuture().sync();
        } finally {
            group.shutdownGracefully();
        }
        if (received < messages) {
            throw new IllegalStateException("connection closed after " + received + " of " + messages + " messages");
        }
    }

    /** Sends and counts DATA messages; the destination answers once it has all of the source's. */
    private final class Peer extends SimpleChannelInboundHandler<WebSocketFrame> {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                report("connected");
                if (source) {
                    ctx.writeAndFlush(new BinaryWebSocketFrame(message(ctx.alloc(), TYPE_STREAM_START, 0)));
                    toSend = messages;
                    pump(ctx);
                }
            }
            ctx.fireUserEventTriggered(event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            ByteBuf content = frame.content();
            for (int at = content.readerIndex(); at + 2 <= content.writerIndex(); ) {
                int length = content.getUnsignedShort(at);
                if (length >= PAYLOAD) {
                    received++; // a DATA message; SERVICE_IDS and the like are not counted
                }
                at += 2 + length;
            }
            if (received < messages) {
                return;
            }
            if (!source && !answered) {
                answered = true;
                toSend = messages;
                pump(ctx);
            } else if (source) {
                done(ctx);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A refused upgrade or a broken connection ends the run; main reports how far it got.
            System.err.println("stack-floor: " + cause);
            ctx.close();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
            ctx.fireChannelWritabilityChanged();
        }

        private void pump(ChannelHandlerContext ctx) {
            while (toSend > 0 && ctx.channel().isWritable()) {
                toSend--;
                var future = ctx.write(new BinaryWebSocketFrame(message(ctx.alloc(), TYPE_DATA, PAYLOAD)));
                if (toSend == 0 && !source) {
                    future.addListener(f -> done(ctx));
                }
            }
            ctx.flush();
        }

        private void done(ChannelHandlerContext ctx) {
            if (finished) {
                return;
            }
            finished = true;
            report("done");
            ctx.close();
        }
    }

    /**
     * One tunnel message (SPEC §4): a 2-byte length, then the protobuf fields type, streamId, payload, serviceId
     * and connectionId.
     */
    private ByteBuf message(ByteBufAllocator alloc, int type, int payload) {
        ByteBuf b = alloc.directBuffer(payload + 32 + service.length);
        b.writeShort(0);
        b.writeByte(1 << 3).writeByte(type);
        b.writeByte(2 << 3).writeByte(1);
        if (payload > 0) {
            b.writeByte(4 << 3 | 2);
            varint(b, payload);
            b.writeZero(payload);
        }
        b.writeByte(5 << 3 | 2);
        varint(b, service.length);
        b.writeBytes(service);
        b.writeByte(7 << 3).writeByte(1);
        return b.setShort(0, b.readableBytes() - 2);
    }

    private static void varint(ByteBuf b, int value) {
        while ((value & ~0x7F) != 0) {
            b.writeByte(value & 0x7F | 0x80);
            value >>>= 7;
        }
        b.writeByte(value);
    }

    private static void report(String phase) {
        long pid = ProcessHandle.current().pid();
        System.out.println("stack-floor " + phase + " rss_kb=" + ProcStats.statusKb(pid, "VmRSS") + " hwm_kb="
                + ProcStats.statusKb(pid, "VmHWM"));
    }
}
