package dev.underpass.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link MessageHeaderParser} against protobuf-java's generated parser on the same bytes: valid messages, and many
 * seeded random mutations of them and of pure noise. Both must accept the same bodies and read the same fields.
 */
class MessageHeaderParserTest {

    @Test
    void readsEveryFieldOfAFullMessageAndLocatesThePayload() {
        Message m = Message.newBuilder().setType(Message.Type.DATA).setStreamId(-7).setIgnorable(true)
                .setPayload(ByteString.copyFromUtf8("payload bytes")).setServiceId("SSH")
                .addAvailableServiceIds("a").addAvailableServiceIds("ü").setConnectionId(-1).build();

        assertAgree(m.toByteArray());
        ByteBuf body = Unpooled.wrappedBuffer(new byte[] {9, 9, 9}, m.toByteArray());
        MessageHeader h = MessageHeaderParser.parse(body, 3, body.readableBytes() - 3);
        assertThat(body.toString(3 + h.payloadOffset(), h.payloadLength(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("payload bytes");
        body.release();
    }

    @Test
    void refusesWhatProtobufRefusesNamingTheProblem() {
        assertRefused(new byte[] {0}, "tag");                            // field number 0
        assertRefused(new byte[] {8}, "truncated");                      // varint missing
        assertRefused(new byte[] {0x22, 5, 1}, "truncated");             // payload runs past the end
        assertRefused(new byte[] {0x2A, 1, (byte) 0xFF}, "UTF-8");       // serviceId not UTF-8
        assertRefused(new byte[] {0x0C}, "end-group");                   // end group at the top
        assertRefused(new byte[] {0x0B, 0x14}, "end-group");             // group 1 closed as group 2
        assertRefused(new byte[] {0x0E}, "wire type");                   // wire type 6
        byte[] longVarint = {8, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 1};
        assertRefused(longVarint, "varint");
    }

    @Test
    void groupsNestedAsDeepAsProtobufAllowsAreSkippedAndDeeperOnesRefused() {
        assertAgree(nestedGroups(100));
        assertThatThrownBy(() -> parse(nestedGroups(101))).isInstanceOf(ProtocolException.class);
        assertThatThrownBy(() -> Message.parseFrom(nestedGroups(101)))
                .isInstanceOf(InvalidProtocolBufferException.class);
    }

    @Test
    void agreesWithProtobufOnSeededRandomMutationsAndNoise() {
        Random random = new Random(20261129L);
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(TunnelMessages.control(Message.Type.STREAM_START, 3, "SSH", 9).toByteArray());
        seeds.add(TunnelMessages.serviceIds(List.of("SSH", "RDP", "HTTP")).toByteArray());
        ByteBuf data = TunnelMessages.encodeData(Unpooled.buffer().alloc(), 2, "SSH", 4,
                Unpooled.wrappedBuffer(new byte[40]));
        byte[] dataBody = new byte[data.readableBytes() - 2];
        data.getBytes(2, dataBody);
        data.release();
        seeds.add(dataBody);
        for (int i = 0; i < 30_000; i++) {
            byte[] body;
            if (i % 5 == 0) {
                body = new byte[random.nextInt(24)];
                random.nextBytes(body);
            } else {
                body = mutate(seeds.get(random.nextInt(seeds.size())), random);
            }
            assertAgree(body);
        }
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] body = seed.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits && body.length > 0; e++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(3)) {
                case 0 -> body[at] = (byte) random.nextInt(256);
                case 1 -> body[at] ^= (byte) (1 << random.nextInt(8));
                default -> body = java.util.Arrays.copyOf(body, at); // truncate
            }
        }
        return body;
    }

    private static byte[] nestedGroups(int depth) {
        byte[] body = new byte[depth * 2 + 2];
        int i = 0;
        for (int d = 0; d < depth; d++) {
            body[i++] = (byte) ((9 << 3) | 3);
        }
        for (int d = 0; d < depth; d++) {
            body[i++] = (byte) ((9 << 3) | 4);
        }
        body[i++] = 8;
        body[i] = 1;
        return body;
    }

    private static MessageHeader parse(byte[] body) {
        return MessageHeaderParser.parse(Unpooled.wrappedBuffer(body), 0, body.length);
    }

    private static void assertRefused(byte[] body, String problem) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("undecodable message").hasMessageContaining(problem);
        assertThatThrownBy(() -> Message.parseFrom(body)).isInstanceOf(InvalidProtocolBufferException.class);
    }

    private static void assertAgree(byte[] body) {
        Message expected;
        try {
            expected = Message.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            assertThatThrownBy(() -> parse(body)).as("protobuf refuses %s", hex(body))
                    .isInstanceOf(ProtocolException.class);
            return;
        }
        MessageHeader h;
        try {
            h = parse(body);
        } catch (ProtocolException e) {
            throw new AssertionError("refused a body protobuf accepts: " + hex(body) + ": " + e.getMessage(), e);
        }
        assertThat(h.typeNumber()).isEqualTo(expected.getTypeValue());
        assertThat(h.streamId()).isEqualTo(expected.getStreamId());
        assertThat(h.ignorable()).isEqualTo(expected.getIgnorable());
        assertThat(h.serviceId()).isEqualTo(expected.getServiceId());
        assertThat(h.availableServiceIds()).isEqualTo(expected.getAvailableServiceIdsList());
        assertThat(h.connectionId()).isEqualTo(expected.getConnectionId());
        assertThat(java.util.Arrays.copyOfRange(body, h.payloadOffset(), h.payloadOffset() + h.payloadLength()))
                .isEqualTo(expected.getPayload().toByteArray());
    }

    private static String hex(byte[] body) {
        return io.netty.buffer.ByteBufUtil.hexDump(body);
    }
}
