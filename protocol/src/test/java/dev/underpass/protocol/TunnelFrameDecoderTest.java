package dev.underpass.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class TunnelFrameDecoderTest {
    private final EmbeddedChannel channel = new EmbeddedChannel(new TunnelFrameDecoder());

    @AfterEach
    void closeChannel() {
        channel.finishAndReleaseAll();
    }

    private static ByteBuf bytes(String hex) {
        return Unpooled.wrappedBuffer(ByteBufUtil.decodeHexDump(hex.replace(" ", "")));
    }

    private List<TunnelFrame> drain() {
        List<TunnelFrame> frames = new ArrayList<>();
        TunnelFrame f;
        while ((f = channel.readInbound()) != null) {
            frames.add(f);
        }
        return frames;
    }

    @Test
    void decodesTheSpecExampleOfServiceIds() {
        channel.writeInbound(bytes("00 08 08 05 32 04 53 53 48 31"));
        List<TunnelFrame> frames = drain();
        assertThat(frames).hasSize(1);
        MessageHeader h = frames.get(0).header();
        assertThat(h.type()).isEqualTo(Message.Type.SERVICE_IDS);
        assertThat(h.availableServiceIds()).containsExactly("SSH1");
        assertThat(frames.get(0).content().readableBytes()).isEqualTo(10);
        frames.forEach(TunnelFrame::release);
    }

    @Test
    void decodesTheSpecExampleOfStreamStartWithServiceAndConnection() {
        channel.writeInbound(bytes("00 0c 08 02 10 01 2a 04 53 53 48 31 38 01"));
        TunnelFrame f = channel.readInbound();
        assertThat(f.header().type()).isEqualTo(Message.Type.STREAM_START);
        assertThat(f.header().streamId()).isEqualTo(1);
        assertThat(f.header().serviceId()).isEqualTo("SSH1");
        assertThat(f.header().connectionId()).isEqualTo(1);
        f.release();
    }

    @Test
    void reassemblesAMessageSplitAcrossManyWritesByteByByte() {
        ByteBuf whole = bytes("00 0c 08 02 10 01 2a 04 53 53 48 31 38 01");
        while (whole.isReadable()) {
            channel.writeInbound(whole.readRetainedSlice(1));
        }
        whole.release();
        List<TunnelFrame> frames = drain();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).header().serviceId()).isEqualTo("SSH1");
        frames.forEach(TunnelFrame::release);
    }

    @Test
    void splitsSeveralMessagesPackedIntoOneWriteAndKeepsTheirBytesIntact() {
        ByteBuf packed = bytes("00 02 08 04" + "00 08 08 05 32 04 53 53 48 31" + "00 0c 08 02 10 01 2a 04 53 53 48 31 38 01");
        channel.writeInbound(packed);
        List<TunnelFrame> frames = drain();
        assertThat(frames).extracting(f -> f.header().type())
                .containsExactly(Message.Type.SESSION_RESET, Message.Type.SERVICE_IDS, Message.Type.STREAM_START);
        assertThat(ByteBufUtil.hexDump(frames.get(0).content())).isEqualTo("00020804");
        frames.forEach(TunnelFrame::release);
    }

    @Test
    void exposesTheDataPayloadWithoutCopyingIt() {
        ByteBuf payload = Unpooled.copiedBuffer("hello tunnel", StandardCharsets.UTF_8);
        ByteBuf encoded = TunnelMessages.encodeData(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, 3, "web", 2,
                payload);
        payload.release();
        channel.writeInbound(encoded);
        TunnelFrame f = channel.readInbound();
        ByteBuf data = f.retainedPayload();
        assertThat(data.toString(StandardCharsets.UTF_8)).isEqualTo("hello tunnel");
        assertThat(f.header().connectionId()).isEqualTo(2);
        data.release();
        f.release();
    }

    @Test
    void garbageBytesGiveAClearUndecodableError() {
        assertThatThrownBy(() -> channel.writeInbound(bytes("00 03 ff ff ff")))
                .isInstanceOf(ProtocolException.class).hasMessageStartingWith("undecodable message");
    }

    @Test
    void aMessageWithoutATypeIsRefused() {
        assertThatThrownBy(() -> channel.writeInbound(bytes("00 02 10 01")))
                .isInstanceOf(ProtocolException.class).hasMessage("message has no type");
    }

    @Test
    void aPayloadOverTheDataLimitIsRefusedNamingItsSize() {
        Message big = Message.newBuilder().setType(Message.Type.DATA).setStreamId(1)
                .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[ProtocolLimits.MAX_DATA_PAYLOAD_BYTES + 10]))
                .build();
        ByteBuf encoded = TunnelMessages.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, big);
        assertThatThrownBy(() -> channel.writeInbound(encoded))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("64522");
    }

    @Test
    void inputThatEndsInsideAMessageIsReportedAsTruncatedRatherThanHanging() {
        channel.writeInbound(bytes("00 0c 08 02 10"));
        assertThat(channel.<Object>readInbound()).isNull();
        assertThatThrownBy(channel::finish).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("truncated message");
    }

    @Test
    void afterAnErrorFurtherInputIsDiscarded() {
        assertThatThrownBy(() -> channel.writeInbound(bytes("00 01 ff"))).isInstanceOf(ProtocolException.class);
        channel.writeInbound(bytes("00 02 08 04"));
        assertThat(channel.<Object>readInbound()).isNull();
    }

    @Test
    void unknownTypesAndFieldsAreKeptForTheReceiverToJudge() {
        Message m = Message.newBuilder().setTypeValue(42).setIgnorable(true).build();
        ByteBuf encoded = TunnelMessages.encode(io.netty.buffer.UnpooledByteBufAllocator.DEFAULT, m);
        channel.writeInbound(encoded);
        TunnelFrame f = channel.readInbound();
        assertThat(f.header().type()).isEqualTo(Message.Type.UNRECOGNIZED);
        assertThat(f.header().typeNumber()).isEqualTo(42);
        assertThat(f.header().ignorable()).isTrue();
        f.release();
    }
}
