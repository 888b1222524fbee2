package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Event;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.time.Duration;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The relay handlers on {@link EmbeddedChannel}s: frames in, frames out, time under the test's control. */
@ExtendWith(NettyLeakGuard.class)
class RelayHandlersTest {
    private static final String TUNNEL = "tunnel-1";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-01T12:00:00Z"), ZoneOffset.UTC);

    private final TestAuthority authority = new TestAuthority();
    private final TunnelRegistry registry = new TunnelRegistry(new Tombstones(CLOCK),
            new ConnectionStateReporter(authority, Runnable::run), RelayObserver.NONE);
    private final List<EmbeddedChannel> channels = new ArrayList<>();

    /** Counts read() calls that reach the socket end of the pipeline. */
    private static final class ReadCounter extends ChannelOutboundHandlerAdapter {
        int reads;

        @Override
        public void read(ChannelHandlerContext ctx) {
            reads++;
            ctx.read();
        }
    }

    @AfterEach
    void finish() {
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    private EmbeddedChannel side(Mode mode, String... services) {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addFirst(new ReadCounter());
        RelayConnection connection = RelayPipeline.install(channel, RelaySettings.DEFAULTS, CLOCK, registry, TUNNEL,
                mode, SubProtocol.V3, UUID.randomUUID(), List.of(services), null);
        connection.start(registry.admissionEpoch());
        channels.add(channel);
        assertThat(next(channel).getType()).isEqualTo(Message.Type.SERVICE_IDS);
        return channel;
    }

    private static void in(EmbeddedChannel channel, byte[]... messages) {
        channel.writeInbound(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Msgs.concat(messages))));
    }

    private static Message next(EmbeddedChannel channel) {
        return Msgs.parse(nextBytes(channel));
    }

    private static byte[] nextBytes(EmbeddedChannel channel) {
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(BinaryWebSocketFrame.class);
        BinaryWebSocketFrame frame = (BinaryWebSocketFrame) out;
        try {
            return ByteBufUtil.getBytes(frame.content());
        } finally {
            frame.release();
        }
    }

    private static CloseWebSocketFrame closeFrame(EmbeddedChannel channel) {
        channel.runPendingTasks();
        Object out = channel.readOutbound();
        assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
        return (CloseWebSocketFrame) out;
    }

    /**
     * The server's close frame is out; the connection then drains the client's input (auto-read on) and stays open
     * until the client's close frame, which ends it.
     */
    private static void assertClosedWith(EmbeddedChannel channel, int status, String reason) {
        CloseWebSocketFrame close = closeFrame(channel);
        try {
            assertThat(close.statusCode()).isEqualTo(status);
            assertThat(close.reasonText()).isEqualTo(reason);
        } finally {
            close.release();
        }
        channel.runPendingTasks();
        assertThat(channel.isOpen()).as("open until the client answers or its input ends").isTrue();
        assertThat(channel.config().isAutoRead()).as("draining the client's input").isTrue();
        in(channel, Msgs.data(1, "SSH1", 1, Msgs.payload(100, 1))); // still sending: discarded
        assertThat((Object) channel.readOutbound()).isNull();
        channel.writeInbound(new CloseWebSocketFrame(status, ""));
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
    }

    private static int reads(EmbeddedChannel channel) {
        return channel.pipeline().get(ReadCounter.class).reads;
    }

    @Test
    void eachMessageGoesToThePeerAsItsOwnFrameWhateverTheFramingItCameIn() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");
        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        byte[] data = Msgs.data(1, "SSH1", 1, Msgs.payload(300, 1));

        in(source, start, Arrays.copyOf(data, 10));
        source.writeInbound(new ContinuationWebSocketFrame(Unpooled.wrappedBuffer(
                Arrays.copyOfRange(data, 10, data.length))));

        assertThat(nextBytes(destination)).isEqualTo(start);
        assertThat(nextBytes(destination)).isEqualTo(data);
        assertThat((Object) destination.readOutbound()).isNull();
    }

    @Test
    void aDestinationThatSendsStreamStartIsClosedWithPolicyViolationAndLeavesTheTunnel() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");

        in(destination, Msgs.streamStart(1, "SSH1", 1));

        assertClosedWith(destination, 1008, "destination may not send STREAM_START");
        assertThat(source.isOpen()).isTrue();
        assertThat(registry.isConnected(TUNNEL, Mode.DESTINATION)).isFalse();
        assertThat(authority.events).containsExactly(new Event(TUNNEL, Mode.SOURCE, true),
                new Event(TUNNEL, Mode.DESTINATION, true), new Event(TUNNEL, Mode.DESTINATION, false));
    }

    @Test
    void aDestinationMayNotStartConnectionsEither() {
        side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");

        in(destination, Msgs.connectionStart(1, "SSH1", 2));

        assertClosedWith(destination, 1008, "destination may not send CONNECTION_START");
    }

    @Test
    void aTextFrameIsRefusedWithUnsupportedData() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        source.writeInbound(new TextWebSocketFrame("hi"));

        assertClosedWith(source, 1003, "text frames are not supported: send tunnel messages in binary frames");
    }

    @Test
    void aPingIsAnsweredWithItsPayloadAndAPongIsNeverAnswered() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        source.writeInbound(new PongWebSocketFrame(Unpooled.copiedBuffer("42", StandardCharsets.US_ASCII)));
        assertThat((Object) source.readOutbound()).isNull();
        source.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("1234", StandardCharsets.US_ASCII)));

        PongWebSocketFrame pong = source.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("1234");
        pong.release();
    }

    @Test
    void aClientThatDoesNotReadGetsOnlyItsLatestPingAnsweredOnceItReads() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        source.unsafe().outboundBuffer().setUserDefinedWritability(1, false);

        source.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("1", StandardCharsets.US_ASCII)));
        source.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("2", StandardCharsets.US_ASCII)));
        assertThat((Object) source.readOutbound()).isNull();
        source.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        source.runPendingTasks();

        PongWebSocketFrame pong = source.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("2");
        pong.release();
        assertThat((Object) source.readOutbound()).isNull();
    }

    @Test
    void aCloseFrameIsAnsweredWithTheSameStatusAndTheConnectionEnds() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        source.writeInbound(new CloseWebSocketFrame(1001, "bye"));

        CloseWebSocketFrame answer = closeFrame(source);
        assertThat(answer.statusCode()).isEqualTo(1001);
        answer.release();
        source.runPendingTasks();
        assertThat(source.isOpen()).as("the client closed first: ends once the answer is out").isFalse();
        assertThat(registry.connectedSides()).isZero();
    }

    @Test
    void nothingLeavesAfterTheCloseFrameAndAStuckCloseIsCutAfterTheGrace() {
        List<Object> held = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        WebSocketCloser closer = new WebSocketCloser(Duration.ofSeconds(5));
        channel.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                held.add(msg); // a client that does not read: nothing gets out
            }
        }, closer);
        channels.add(channel);

        closer.close(WebSocketCloseStatus.NORMAL_CLOSURE, "done");
        BinaryWebSocketFrame late = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Msgs.streamReset(1, "SSH1")));
        ChannelFuture lateWrite = channel.writeAndFlush(late);

        assertThat(lateWrite.isSuccess()).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(held).singleElement().isInstanceOf(CloseWebSocketFrame.class);
        assertThat(channel.isOpen()).isTrue();
        channel.advanceTimeBy(5, TimeUnit.SECONDS);
        channel.runScheduledPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        held.forEach(ReferenceCountUtil::release);
    }

    @Test
    void whenASideLeavesTheSurvivorGetsOneStreamResetPerActiveStream() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1", "VNC", "RDP");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1", "VNC", "RDP");
        in(source, Msgs.streamStart(1, "SSH1", 1), Msgs.streamStart(1, "VNC", 1), Msgs.streamStart(2, "SSH1", 1),
                Msgs.streamStart(1, "RDP", 1));
        in(destination, Msgs.streamReset(1, "VNC"), Msgs.streamReset(1, "SSH1"));
        for (int i = 0; i < 4; i++) {
            destination.<BinaryWebSocketFrame>readOutbound().release();
        }
        source.<BinaryWebSocketFrame>readOutbound().release();
        source.<BinaryWebSocketFrame>readOutbound().release();

        source.close();
        source.runPendingTasks();

        Message first = next(destination);
        Message second = next(destination);
        assertThat((Object) destination.readOutbound()).isNull();
        assertThat(List.of(first, second)).extracting(Message::getType).containsOnly(Message.Type.STREAM_RESET);
        assertThat(List.of(first, second)).extracting(m -> m.getServiceId() + "#" + m.getStreamId())
                .containsExactly("SSH1#2", "RDP#1");
        assertThat(authority.events).endsWith(new Event(TUNNEL, Mode.SOURCE, false));
    }

    @Test
    void withNoPeerAStreamStartIsResetAConnectionStartIsResetAndDataIsDropped() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        in(source, Msgs.data(1, "SSH1", 1, new byte[5]), Msgs.streamStart(2, "SSH1", 1),
                Msgs.connectionStart(2, "SSH1", 3));

        Message reset = next(source);
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(2);
        assertThat(reset.getServiceId()).isEqualTo("SSH1");
        Message connectionReset = next(source);
        assertThat(connectionReset.getType()).isEqualTo(Message.Type.CONNECTION_RESET);
        assertThat(connectionReset.getConnectionId()).isEqualTo(3);
        assertThat((Object) source.readOutbound()).isNull();
    }

    @Test
    void readingPausesWhileThePeerIsOverItsHighWaterMarkAndResumesWhenItDrains() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");
        RelayConnection sourceConnection = source.pipeline().get(RelayConnection.class);
        destination.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        int before = reads(source);

        in(source, Msgs.streamStart(1, "SSH1", 1));

        assertThat(sourceConnection.isReadingPaused()).isTrue();
        assertThat(reads(source)).isEqualTo(before);
        destination.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        destination.runPendingTasks();
        source.runPendingTasks();
        assertThat(sourceConnection.isReadingPaused()).isFalse();
        assertThat(reads(source)).isEqualTo(before + 1);
    }

    @Test
    void readingPausesWhileTheConnectionItselfIsOverItsHighWaterMark() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        source.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        int before = reads(source);

        in(source, Msgs.streamStart(1, "SSH1", 1));
        source.runPendingTasks();

        assertThat(source.pipeline().get(RelayConnection.class).isReadingPaused()).isTrue();
        assertThat(reads(source)).isEqualTo(before);
        source.unsafe().outboundBuffer().setUserDefinedWritability(1, true);
        source.runPendingTasks();
        assertThat(reads(source)).isEqualTo(before + 1);
        assertThat(next(source).getType()).isEqualTo(Message.Type.STREAM_RESET);
    }

    @Test
    void aSilentClientIsPingedAfterThePingIntervalAndDroppedAfterTheIdleTimeout() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        source.advanceTimeBy(19, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();
        assertThat((Object) source.readOutbound()).isNull();
        source.advanceTimeBy(1, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();
        PingWebSocketFrame ping = source.readOutbound();
        assertThat(ping.content().toString(StandardCharsets.US_ASCII)).isEqualTo(
                Long.toString(CLOCK.millis()));
        ping.release();

        source.advanceTimeBy(40, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();
        CloseWebSocketFrame close = closeFrame(source);
        assertThat(close.statusCode()).isEqualTo(1001);
        assertThat(close.reasonText()).startsWith("nothing received for 60 s");
        close.release();
    }

    @Test
    void inputPostponesThePing() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");

        source.advanceTimeBy(15, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();
        source.writeInbound(new PongWebSocketFrame());
        source.advanceTimeBy(15, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();
        assertThat((Object) source.readOutbound()).isNull();
        source.advanceTimeBy(5, TimeUnit.SECONDS);
        source.runScheduledPendingTasks();

        WebSocketFrame ping = source.readOutbound();
        assertThat(ping).isInstanceOf(PingWebSocketFrame.class);
        ping.release();
    }

    @Test
    void silenceWhileTheRelayHasPausedReadingIsNotHeldAgainstTheClient() {
        EmbeddedChannel source = side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");
        destination.unsafe().outboundBuffer().setUserDefinedWritability(1, false);
        in(source, Msgs.streamStart(1, "SSH1", 1));

        for (int i = 0; i < 12; i++) {
            source.advanceTimeBy(10, TimeUnit.SECONDS);
            source.runScheduledPendingTasks();
        }

        assertThat(source.isOpen()).isTrue();
    }

    @Test
    void aNewConnectionOfTheSameSideReplacesTheOldOneWithoutADisconnect() {
        EmbeddedChannel first = side(Mode.SOURCE, "SSH1");
        EmbeddedChannel destination = side(Mode.DESTINATION, "SSH1");
        in(first, Msgs.streamStart(5, "SSH1", 1));
        destination.<BinaryWebSocketFrame>readOutbound().release();

        EmbeddedChannel second = side(Mode.SOURCE, "SSH1");

        assertClosedWith(first, 1000, "replaced by a new connection");
        Message reset = next(destination);
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(5);
        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        in(second, start);
        assertThat(nextBytes(destination)).isEqualTo(start);
        assertThat(registry.connectedSides()).isEqualTo(2);
        assertThat(authority.events).containsExactly(new Event(TUNNEL, Mode.SOURCE, true),
                new Event(TUNNEL, Mode.DESTINATION, true), new Event(TUNNEL, Mode.SOURCE, true));
    }

    @Test
    void aConnectionAdmittedBeforeShutdownIsRefusedWithGoingAway() {
        long admittedAt = registry.admissionEpoch();
        registry.closeAll(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server is shutting down");
        EmbeddedChannel channel = new EmbeddedChannel();
        RelayConnection connection = RelayPipeline.install(channel, RelaySettings.DEFAULTS, CLOCK, registry, TUNNEL,
                Mode.DESTINATION, SubProtocol.V2, UUID.randomUUID(), List.of("SSH1"), null);
        channels.add(channel);

        connection.start(admittedAt);

        next(channel);
        assertClosedWith(channel, 1001, "server is shutting down");
        assertThat(registry.connectedSides()).isZero();
    }

    @Test
    void aConnectionAdmittedBeforeItsTunnelClosedIsRefusedWithTheReason() {
        long admittedAt = registry.admissionEpoch();
        registry.closeTunnel(TUNNEL, "tunnel closed");
        EmbeddedChannel channel = new EmbeddedChannel();
        RelayConnection connection = RelayPipeline.install(channel, RelaySettings.DEFAULTS, CLOCK, registry, TUNNEL,
                Mode.SOURCE, SubProtocol.V3, UUID.randomUUID(), List.of("SSH1"), null);
        channels.add(channel);

        connection.start(admittedAt);

        next(channel);
        assertClosedWith(channel, 1000, "tunnel closed");
        assertThat(authority.events).isEmpty();
        assertThat(registry.connectedSides()).isZero();
    }
}
