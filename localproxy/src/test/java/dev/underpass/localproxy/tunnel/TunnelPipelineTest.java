package dev.underpass.localproxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelFrameDecoder;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class TunnelPipelineTest {
    private final List<String> events = new ArrayList<>();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final TunnelLink link = new TunnelLink(channel, SubProtocol.V3, "test");

    TunnelPipelineTest() {
        channel.pipeline().addLast(new WebSocketFrameReader(link), new TunnelFrameDecoder(),
                new TunnelMessageDispatcher(link, new Recorder()));
    }

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void messagesSplitAcrossFramesAreReassembledAndStreamMessagesWaitForServiceIds() {
        ByteBuf data = TunnelMessages.encodeData(ByteBufAllocator.DEFAULT, 1, "SSH", 1,
                Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
        channel.writeInbound(new BinaryWebSocketFrame(data.copy()));
        ByteBuf ids = TunnelMessages.encode(ByteBufAllocator.DEFAULT, TunnelMessages.serviceIds(List.of("SSH")));
        ByteBuf both = Unpooled.wrappedBuffer(ids, data);
        int half = both.readableBytes() / 2;
        channel.writeInbound(new BinaryWebSocketFrame(both.readRetainedSlice(half)),
                new ContinuationWebSocketFrame(both.readRetainedSlice(both.readableBytes())));
        both.release();
        assertThat(events).containsExactly("SERVICE_IDS [SSH]", "DATA 1/1 hello");
    }

    @Test
    void pingsAreAnsweredWithTheirOwnPayload() {
        channel.writeInbound(new PingWebSocketFrame(Unpooled.copiedBuffer("12345", StandardCharsets.US_ASCII)));
        PongWebSocketFrame pong = channel.readOutbound();
        assertThat(pong.content().toString(StandardCharsets.US_ASCII)).isEqualTo("12345");
        pong.release();
    }

    @Test
    void aCloseFrameIsRecordedAndEchoed() {
        channel.writeInbound(new CloseWebSocketFrame(1000, "tunnel closed"));
        assertThat(link.closeCode()).isEqualTo(1000);
        assertThat(link.closeReason()).isEqualTo("tunnel closed");
        CloseWebSocketFrame echo = channel.readOutbound();
        assertThat(echo.statusCode()).isEqualTo(1000);
        echo.release();
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void unknownTypesAreSkippedAndTheSessionGoesOn() {
        channel.writeInbound(new BinaryWebSocketFrame(TunnelMessages.encode(ByteBufAllocator.DEFAULT,
                TunnelMessages.serviceIds(List.of()))));
        channel.writeInbound(new BinaryWebSocketFrame(TunnelMessages.encode(ByteBufAllocator.DEFAULT,
                Message.newBuilder().setTypeValue(42).setIgnorable(true).build())));
        channel.writeInbound(new BinaryWebSocketFrame(TunnelMessages.encode(ByteBufAllocator.DEFAULT,
                TunnelMessages.control(Message.Type.STREAM_RESET, 3, "", 0))));
        assertThat(events).containsExactly("SERVICE_IDS []", "STREAM_RESET 3/0 ");
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void aReadBlockerStopsReadingUntilEveryBlockerIsGone() {
        Object a = new Object();
        Object b = new Object();
        link.blockReads(a);
        link.blockReads(b);
        assertThat(channel.config().isAutoRead()).isFalse();
        link.unblockReads(a);
        assertThat(channel.config().isAutoRead()).isFalse();
        link.unblockReads(b);
        assertThat(channel.config().isAutoRead()).isTrue();
    }

    private final class Recorder implements TunnelEvents {
        @Override
        public void connected(TunnelLink l) {
            events.add("connected");
        }

        @Override
        public void serviceIds(TunnelLink l, List<String> serviceIds) {
            events.add("SERVICE_IDS " + serviceIds);
        }

        @Override
        public void message(TunnelLink l, TunnelFrame frame) {
            MessageHeader h = frame.header();
            ByteBuf payload = frame.retainedPayload();
            events.add(h.type() + " " + h.streamId() + "/" + h.connectionId() + " "
                    + payload.toString(StandardCharsets.US_ASCII));
            payload.release();
        }

        @Override
        public void sessionReset(TunnelLink l) {
            events.add("SESSION_RESET");
        }

        @Override
        public void disconnected(TunnelLink l) {
            events.add("disconnected");
        }

        @Override
        public void closedByServer(String reason) {
            events.add("closed " + reason);
        }

        @Override
        public void rejected(String message) {
            events.add("rejected " + message);
        }
    }
}
