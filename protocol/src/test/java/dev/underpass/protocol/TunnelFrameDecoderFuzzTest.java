package dev.underpass.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Feeds arbitrary bytes, split at an arbitrary point, to the frame decoder. It may only produce frames whose parsed
 * header agrees with protobuf's own parser, or fail with a {@link ProtocolException}; nothing else, never a leak.
 * In the normal build it replays the inputs kept under {@code src/test/resources}; with {@code JAZZER_FUZZ=1} it
 * fuzzes.
 */
class TunnelFrameDecoderFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void decoderOnlyEverYieldsFaithfulFramesOrProtocolErrors(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new TunnelFrameDecoder());
        int split = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            drainAndCheck(channel);
            channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
            drainAndCheck(channel);
            channel.finish();
            drainAndCheck(channel);
        } catch (ProtocolException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static void drainAndCheck(EmbeddedChannel channel) {
        TunnelFrame frame;
        while ((frame = channel.readInbound()) != null) {
            try {
                ByteBuf content = frame.content();
                int length = content.getUnsignedShort(content.readerIndex());
                assertThat(content.readableBytes()).isEqualTo(length + ProtocolLimits.LENGTH_PREFIX_BYTES);
                byte[] body = ByteBufUtil.getBytes(content, content.readerIndex() + 2, length);
                Message m = Message.parseFrom(body);
                MessageHeader h = frame.header();
                assertThat(h.typeNumber()).isEqualTo(m.getTypeValue()).isNotZero();
                assertThat(h.streamId()).isEqualTo(m.getStreamId());
                assertThat(h.ignorable()).isEqualTo(m.getIgnorable());
                assertThat(h.serviceId()).isEqualTo(m.getServiceId());
                assertThat(h.connectionId()).isEqualTo(m.getConnectionId());
                assertThat(h.availableServiceIds()).isEqualTo(m.getAvailableServiceIdsList());
                ByteBuf payload = frame.retainedPayload();
                try {
                    assertThat(ByteBufUtil.getBytes(payload)).isEqualTo(m.getPayload().toByteArray());
                } finally {
                    payload.release();
                }
            } catch (InvalidProtocolBufferException e) {
                throw new AssertionError("decoder accepted a body protobuf rejects: " + e.getMessage(), e);
            } finally {
                frame.release();
            }
        }
    }
}
