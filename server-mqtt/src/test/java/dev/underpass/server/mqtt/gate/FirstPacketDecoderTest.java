package dev.underpass.server.mqtt.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class FirstPacketDecoderTest {

    @Test
    void theFirstPacketComesOutWholeAndWhatFollowsItPassesUnparsedInOrder() {
        EmbeddedChannel channel = new EmbeddedChannel(new FirstPacketDecoder(1024));
        // A 4-byte packet (type 0x10, remaining length 2) arriving in two pieces, then two bytes of the next one.
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x10}));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x02, 0x0a, 0x0b, (byte) 0x82, 0x05}));

        ByteBuf first = channel.readInbound();
        assertThat(ByteBufUtil.getBytes(first)).containsExactly(0x10, 0x02, 0x0a, 0x0b);
        first.release();
        ByteBuf rest = channel.readInbound();
        assertThat(ByteBufUtil.getBytes(rest)).containsExactly(0x82, 0x05);
        rest.release();
        assertThat(channel.pipeline().get(FirstPacketDecoder.class)).isNull();
        assertThat(channel.config().isAutoRead()).as("the gate reads on demand from here on").isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void aFirstPacketAboveTheLimitIsRefusedBeforeItIsBuffered() {
        EmbeddedChannel channel = new EmbeddedChannel(new FirstPacketDecoder(1024));
        // Remaining length 16384 (0x80 0x80 0x01) announced in the header alone.
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(
                new byte[] {0x10, (byte) 0x80, (byte) 0x80, 0x01})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("above the limit of 1024");
        channel.finishAndReleaseAll();
    }

    @Test
    void aRemainingLengthOfMoreThanFourBytesIsMalformed() {
        EmbeddedChannel channel = new EmbeddedChannel(new FirstPacketDecoder(1024));
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(
                new byte[] {0x10, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01})))
                .isInstanceOf(DecoderException.class).hasMessageContaining("malformed");
        channel.finishAndReleaseAll();
    }
}
