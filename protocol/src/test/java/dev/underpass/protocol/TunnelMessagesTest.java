package dev.underpass.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class TunnelMessagesTest {
    private static final UnpooledByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;

    private static String hex(Message m) {
        ByteBuf buf = TunnelMessages.encode(ALLOC, m);
        try {
            return ByteBufUtil.hexDump(buf);
        } finally {
            buf.release();
        }
    }

    @Test
    void serviceIdsEncodesExactlyAsTheSpecExample() {
        assertThat(hex(TunnelMessages.serviceIds(List.of("SSH1")))).isEqualTo("0008080532045353483" + "1");
    }

    @Test
    void sessionResetEncodesExactlyAsTheSpecExample() {
        assertThat(hex(Message.newBuilder().setType(Message.Type.SESSION_RESET).build())).isEqualTo("00020804");
    }

    @Test
    void streamStartEncodesExactlyAsTheSpecExample() {
        Message m = TunnelMessages.control(Message.Type.STREAM_START, 1, "SSH1", 1);
        assertThat(hex(m)).isEqualTo("000c080210012a04535348313801");
    }

    @Test
    void handWrittenDataEncodingIsByteForByteWhatProtobufWrites() {
        Random random = new Random(7);
        int[] streamIds = {0, 1, 300, Integer.MAX_VALUE, -1};
        String[] services = {"", "SSH1", "a-very-long-service-name-" + "x".repeat(100)};
        int[] connectionIds = {0, 1, 128, -1};
        int[] sizes = {0, 1, 127, 128, 16_384, ProtocolLimits.MAX_DATA_PAYLOAD_BYTES};
        for (int streamId : streamIds) {
            for (String service : services) {
                for (int connectionId : connectionIds) {
                    for (int size : sizes) {
                        byte[] payload = new byte[size];
                        random.nextBytes(payload);
                        Message expected = Message.newBuilder().setType(Message.Type.DATA).setStreamId(streamId)
                                .setServiceId(service).setConnectionId(connectionId)
                                .setPayload(com.google.protobuf.ByteString.copyFrom(payload)).build();
                        ByteBuf in = Unpooled.wrappedBuffer(payload);
                        ByteBuf actual = TunnelMessages.encodeData(ALLOC, streamId, service, connectionId, in);
                        ByteBuf wanted = TunnelMessages.encode(ALLOC, expected);
                        try {
                            assertThat(ByteBufUtil.equals(actual, wanted))
                                    .as("DATA stream=%d service=%s conn=%d size=%d", streamId, service, connectionId, size)
                                    .isTrue();
                            assertThat(in.isReadable()).isFalse();
                        } finally {
                            actual.release();
                            wanted.release();
                            in.release();
                        }
                    }
                }
            }
        }
    }

    @Test
    void dataPayloadOverTheLimitIsRefusedWithItsSize() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[ProtocolLimits.MAX_DATA_PAYLOAD_BYTES + 1]);
        try {
            assertThatThrownBy(() -> TunnelMessages.encodeData(ALLOC, 1, "", 0, in))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64513");
        } finally {
            in.release();
        }
    }

    @Test
    void messageBodyOverSixtyFourKibIsRefused() {
        Message big = Message.newBuilder().setType(Message.Type.DATA)
                .setPayload(com.google.protobuf.ByteString.copyFrom(new byte[70_000])).build();
        assertThatThrownBy(() -> TunnelMessages.encode(ALLOC, big))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("65535");
    }

    @Test
    void subProtocolNegotiationPicksTheHighestOfferedVersion() {
        assertThat(SubProtocol.highestOffered(List.of("aws.iot.securetunneling-1.0, aws.iot.securetunneling-3.0")))
                .contains(SubProtocol.V3);
        assertThat(SubProtocol.highestOffered(List.of("aws.iot.securetunneling-2.0", "chat"))).contains(SubProtocol.V2);
        assertThat(SubProtocol.highestOffered(List.of("chat"))).isEmpty();
    }
}
