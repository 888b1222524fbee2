package dev.underpass.bench.jmh;

import dev.underpass.protocol.Mode;
import dev.underpass.server.relay.Admission;
import dev.underpass.server.relay.Relay;
import dev.underpass.server.relay.RelaySettings;
import dev.underpass.server.relay.TunnelAuthority;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One tunnel of a real {@link Relay} on two {@link EmbeddedChannel}s, set up through the relay's public API only:
 * each side sends the raw bytes of its {@code /tunnel} upgrade request through an HTTP codec into
 * {@link Relay#accept}, exactly as the server's router hands it over. Afterwards the source takes client
 * (masked) WebSocket frame bytes and the destination puts out the encoded frames, so what runs in between is the
 * relay's whole pipeline minus TLS and the socket.
 */
final class RelayHarness implements AutoCloseable {
    static final String SERVICE = "bench";

    final EmbeddedChannel source;
    final EmbeddedChannel destination;

    RelayHarness() {
        // Liveness must not interfere: nothing comes in on the destination during a measurement.
        RelaySettings settings = RelaySettings.DEFAULTS.withIdleTimeout(Duration.ofHours(2), Duration.ofHours(1));
        Relay relay = new Relay(settings, new AdmitAll(), Runnable::run, Clock.systemUTC());
        destination = side(relay, Mode.DESTINATION);
        source = side(relay, Mode.SOURCE);
    }

    /** Feeds bytes to the source and returns how many bytes the destination put out. */
    long relay(ByteBuf clientFrameBytes) {
        source.writeInbound(clientFrameBytes);
        return drain(destination);
    }

    boolean bothOpen() {
        return source.isActive() && destination.isActive();
    }

    /** A tunnel message in a masked binary WebSocket frame, as a client sends it. */
    static ByteBuf clientFrame(ByteBuf message) {
        EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        encoder.writeOutbound(new BinaryWebSocketFrame(message));
        CompositeByteBuf bytes = Unpooled.compositeBuffer();
        for (Object o; (o = encoder.readOutbound()) != null; ) {
            bytes.addComponent(true, (ByteBuf) o);
        }
        encoder.finishAndReleaseAll();
        ByteBuf flat = ByteBufAllocator.DEFAULT.directBuffer(bytes.readableBytes()).writeBytes(bytes);
        bytes.release();
        return flat;
    }

    static long drain(EmbeddedChannel channel) {
        long bytes = 0;
        for (Object o; (o = channel.readOutbound()) != null; ) {
            if (o instanceof ByteBuf b) {
                bytes += b.readableBytes();
            }
            ReferenceCountUtil.release(o);
        }
        return bytes;
    }

    @Override
    public void close() {
        source.finishAndReleaseAll();
        destination.finishAndReleaseAll();
    }

    private static EmbeddedChannel side(Relay relay, Mode mode) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.pipeline().addLast("http-codec", new HttpServerCodec());
        channel.pipeline().addLast("http-aggregator", new HttpObjectAggregator(8192));
        channel.pipeline().addLast("router", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                relay.accept(ctx, (FullHttpRequest) msg);
            }
        });
        String request = "GET /tunnel?local-proxy-mode=" + mode.wireName() + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: aws.iot.securetunneling-3.0\r\n"
                + "access-token: bench-" + mode.wireName() + "\r\n\r\n";
        channel.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.US_ASCII));
        channel.runPendingTasks(); // the admission hops back to the event loop to finish the handshake
        ByteBuf first = channel.readOutbound();
        String answer = first.toString(StandardCharsets.US_ASCII);
        first.release();
        if (!answer.startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("the relay did not upgrade the " + mode.wireName() + ": " + answer);
        }
        drain(channel); // SERVICE_IDS
        return channel;
    }

    /** Admits every token into one tunnel with one service. */
    private static final class AdmitAll implements TunnelAuthority {
        @Override
        public Admission admit(String accessToken, Mode mode, String clientTokenOrNull) {
            return new Admission("bench-tunnel", List.of(SERVICE));
        }

        @Override
        public void connectionChanged(String tunnelId, Mode side, boolean connected) {
        }
    }
}
