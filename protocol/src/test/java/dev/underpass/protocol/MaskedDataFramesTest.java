package dev.underpass.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class MaskedDataFramesTest {
    private static final ByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;
    private static final int[] KEYS = {0x12345678, 0xFFFFFFFF, 0x80000001, 0x00FF00FF, 0x5A5A5A5A};

    /** A server's decoder: masked frames required, mask mismatch not allowed, the protocol's frame limit. */
    private static EmbeddedChannel serverDecoder() {
        return new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true).allowMaskMismatch(false).allowExtensions(false)
                .maxFramePayloadLength(ProtocolLimits.MAX_WEBSOCKET_FRAME_BYTES).build()));
    }

    private static ByteBuf payload(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        ByteBuf buf = ALLOC.directBuffer(size + 8);
        buf.writeBytes(new byte[3]).readerIndex(3); // not at index 0, as a slice of a socket read
        buf.writeBytes(bytes);
        return buf;
    }

    /** Encodes, checks the header by hand, decodes with Netty in {@code chunk}-byte pieces, compares the message. */
    private static void roundTrip(int streamId, String service, int connectionId, ByteBuf input, int key, int chunk,
            int expectedLengthField) {
        ByteBuf expected = TunnelMessages.encodeData(ALLOC, streamId, service, connectionId, input.duplicate());
        ByteBuf frame = MaskedDataFrames.encode(ALLOC, streamId, service, connectionId, input, key);
        EmbeddedChannel decoder = serverDecoder();
        try {
            assertThat(input.isReadable()).as("payload consumed").isFalse();
            assertThat(frame.getByte(0) & 0xFF).as("FIN, binary").isEqualTo(0x82);
            assertThat(frame.getByte(1) & 0x80).as("mask bit").isEqualTo(0x80);
            assertThat(frame.getByte(1) & 0x7F).as("length form").isEqualTo(expectedLengthField);
            int keyAt = expectedLengthField < 126 ? 2 : expectedLengthField == 126 ? 4 : 10;
            assertThat(frame.getInt(keyAt)).as("masking key").isEqualTo(key);
            int length = expected.readableBytes();
            long lengthOnWire = expectedLengthField < 126 ? expectedLengthField
                    : expectedLengthField == 126 ? frame.getUnsignedShort(2) : frame.getLong(2);
            assertThat(lengthOnWire).isEqualTo(length);
            assertThat(frame.readableBytes()).isEqualTo(keyAt + 4 + length);
            byte[] unmasked = new byte[length];
            for (int i = 0; i < length; i++) { // the masking, byte by byte as RFC 6455 §5.3 states it
                int keyByte = key >>> (24 - 8 * (i % 4));
                unmasked[i] = (byte) (frame.getByte(keyAt + 4 + i) ^ keyByte);
            }
            assertThat(unmasked).isEqualTo(ByteBufUtil.getBytes(expected));

            while (frame.isReadable()) {
                decoder.writeInbound(frame.readRetainedSlice(Math.min(chunk, frame.readableBytes())));
            }
            BinaryWebSocketFrame decoded = decoder.readInbound();
            assertThat(decoded).isNotNull();
            try {
                assertThat(decoded.isFinalFragment()).isTrue();
                assertThat(decoded.rsv()).isZero();
                assertThat(ByteBufUtil.equals(decoded.content(), expected)).isTrue();
            } finally {
                decoded.release();
            }
            assertThat((Object) decoder.readInbound()).isNull();
        } finally {
            frame.release();
            expected.release();
            input.release();
            decoder.finishAndReleaseAll();
        }
    }

    @Test
    void aSmallMessageUsesTheSevenBitLength() {
        Random random = new Random(1);
        ByteBuf input = payload(random, 20);
        roundTrip(1, "SSH1", 1, input, KEYS[0], Integer.MAX_VALUE, 2 + 2 + 2 + 2 + 20 + 6 + 2);
    }

    @Test
    void aFullPayloadUsesTheSixteenBitLength() {
        roundTrip(7, "SSH1", 3, payload(new Random(2), ProtocolLimits.MAX_DATA_PAYLOAD_BYTES), KEYS[1],
                Integer.MAX_VALUE, 126);
    }

    @Test
    void aMessageOverSixtyFourKibUsesTheSixtyFourBitLength() {
        // The largest body a 2-byte prefix allows: with the prefix the frame payload is 65,537 bytes.
        int payloadBytes = ProtocolLimits.MAX_DATA_PAYLOAD_BYTES;
        String service = "s".repeat(ProtocolLimits.MAX_MESSAGE_BYTES - (2 + 2 + 4 + payloadBytes) - 3 - 2);
        ByteBuf probe = TunnelMessages.encodeData(ALLOC, 1, service, 1, Unpooled.wrappedBuffer(new byte[payloadBytes]));
        try {
            assertThat(probe.readableBytes()).isEqualTo(ProtocolLimits.LENGTH_PREFIX_BYTES
                    + ProtocolLimits.MAX_MESSAGE_BYTES);
        } finally {
            probe.release();
        }
        roundTrip(1, service, 1, payload(new Random(3), payloadBytes), KEYS[2], Integer.MAX_VALUE, 127);
    }

    @Test
    void everyAlignmentOfPayloadAndKeyRoundTrips() {
        Random random = new Random(4);
        int[] streamIds = {0, 1, 300, 70_000, -1}; // heads of different lengths: the payload starts at every offset
        String[] services = {"", "SSH1", "a"};
        int[] connectionIds = {0, 1, 200};
        for (int streamId : streamIds) {
            for (String service : services) {
                for (int connectionId : connectionIds) {
                    for (int size = 0; size <= 17; size++) {
                        int key = KEYS[random.nextInt(KEYS.length)];
                        int lengthForm = 2 + DataLayout.of(streamId, service, connectionId, size).messageBytes() - 2;
                        roundTrip(streamId, service, connectionId, payload(random, size), key, Integer.MAX_VALUE,
                                lengthForm);
                    }
                }
            }
        }
    }

    @Test
    void aFrameSplitAcrossManyBuffersDecodes() {
        Random random = new Random(5);
        for (int chunk : new int[] {1, 3, 7, 1000, 16_384}) {
            roundTrip(2, "SSH1", 9, payload(random, 20_000 + chunk), KEYS[3], chunk, 126);
        }
    }

    @Test
    void aCompositePayloadIsMaskedAsWell() {
        Random random = new Random(6);
        CompositeByteBuf input = ALLOC.compositeDirectBuffer();
        input.addComponent(true, payload(random, 1001));
        input.addComponent(true, payload(random, 2002));
        roundTrip(3, "", 0, input, KEYS[4], 512, 126);
    }

    @Test
    void eachFrameGetsAFreshMaskingKey() {
        Set<Integer> keys = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            ByteBuf input = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
            ByteBuf frame = MaskedDataFrames.encode(ALLOC, 1, "", 0, input);
            try {
                keys.add(frame.getInt(2));
            } finally {
                frame.release();
                input.release();
            }
        }
        assertThat(keys).as("16 frames, keys drawn at random").hasSizeGreaterThan(1);
    }

    @Test
    void anOversizedPayloadIsRefusedAndNothingLeaks() {
        ByteBuf input = Unpooled.wrappedBuffer(new byte[ProtocolLimits.MAX_DATA_PAYLOAD_BYTES + 1]);
        try {
            assertThatThrownBy(() -> MaskedDataFrames.encode(ALLOC, 1, "", 0, input))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exceeds");
        } finally {
            input.release();
        }
    }
}
