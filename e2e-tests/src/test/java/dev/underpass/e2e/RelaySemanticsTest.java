package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * What the relay does with well-behaved raw clients (SPEC §4): SERVICE_IDS first, messages forwarded intact and in
 * order whatever the WebSocket framing, STREAM_RESET when the peer is absent or leaves, pings answered.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RelaySemanticsTest {
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void messagesArriveIntactAndInOrderWhetherPackedSplitOrFragmented() {
        OpenTunnelResponse tunnel = openTunnel("SSH", "HTTP");
        try (RawTunnelClient destination = connect(Mode.DESTINATION, tunnel.destinationAccessToken());
             RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken())) {
            assertThat(firstMessage(destination).getAvailableServiceIdsList()).containsExactly("SSH", "HTTP");
            assertThat(firstMessage(source).getAvailableServiceIdsList()).containsExactly("SSH", "HTTP");

            Random random = new Random(42);
            Message start = stream(Message.Type.STREAM_START, 1, "HTTP");
            Message small = data(1, "HTTP", bytes(random, 100));
            Message full = data(1, "HTTP", bytes(random, 64_512));
            Message medium = data(1, "HTTP", bytes(random, 5_000));
            Message last = data(1, "HTTP", bytes(random, 1));
            source.send(start, small); // two messages packed into one WebSocket message
            byte[] split = RawTunnelClient.encode(full, medium);
            source.sendBinary(Arrays.copyOfRange(split, 0, 30_001)); // one message split across two
            source.sendBinary(Arrays.copyOfRange(split, 30_001, split.length));
            source.sendFragmented(RawTunnelClient.encode(last), 3); // continuation frames, a few bytes each

            Awaitility.await("five messages relayed").atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> destination.received().size() >= 6);
            assertThat(destination.received().subList(1, 6)).containsExactly(start, small, full, medium, last);

            Message reply = data(1, "HTTP", ByteString.copyFrom("HTTP/1.1 200 OK", StandardCharsets.US_ASCII));
            destination.send(reply);
            assertThat(source.awaitMessage("the reply", m -> m.getType() == Message.Type.DATA)).isEqualTo(reply);
        }
    }

    @Test
    void aStreamStartWithTheDestinationAbsentIsAnsweredWithAStreamReset() {
        OpenTunnelResponse tunnel = openTunnel("SSH");
        try (RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken())) {
            firstMessage(source);
            source.send(stream(Message.Type.STREAM_START, 7, "SSH"));

            Message reset = source.awaitMessage("STREAM_RESET", m -> m.getType() == Message.Type.STREAM_RESET);
            assertThat(reset.getStreamId()).isEqualTo(7);
            assertThat(reset.getServiceId()).isEqualTo("SSH");
            assertThat(source.closed()).isNotDone();
        }
    }

    @Test
    void whenTheSourceLeavesTheDestinationGetsAStreamResetForEachActiveStream() {
        OpenTunnelResponse tunnel = openTunnel("SSH", "HTTP");
        try (RawTunnelClient destination = connect(Mode.DESTINATION, tunnel.destinationAccessToken())) {
            firstMessage(destination);
            try (RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken())) {
                firstMessage(source);
                source.send(stream(Message.Type.STREAM_START, 3, "SSH"), stream(Message.Type.STREAM_START, 4, "HTTP"));
                destination.awaitMessage("both streams started", m -> m.getType() == Message.Type.STREAM_START
                        && m.getServiceId().equals("HTTP"));
            }

            Awaitility.await("a STREAM_RESET per active stream").atMost(java.time.Duration.ofSeconds(20))
                    .until(() -> resets(destination).size() == 2);
            assertThat(resets(destination)).extracting(Message::getServiceId, Message::getStreamId)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("SSH", 3),
                            org.assertj.core.groups.Tuple.tuple("HTTP", 4));
            assertThat(destination.closed()).isNotDone();
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingTheSamePayloadAndNoPongComesUnasked() throws Exception {
        OpenTunnelResponse tunnel = openTunnel("SSH");
        try (RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken())) {
            firstMessage(source);
            byte[] payload = "1718000000123".getBytes(StandardCharsets.US_ASCII);

            byte[] pong = source.ping(payload).get(20, TimeUnit.SECONDS);
            byte[] second = source.ping(new byte[0]).get(20, TimeUnit.SECONDS);

            assertThat(pong).isEqualTo(payload);
            assertThat(second).isEmpty();
            assertThat(source.unsolicitedPongs()).isZero();
        }
    }

    @Test
    void aV1ClientIsAnsweredWithTheV1SubProtocol() {
        OpenTunnelResponse tunnel = openTunnel("SSH");
        try (RawTunnelClient source = RawTunnelClient.connect(server.endpoint(), server.ssl(), Mode.SOURCE,
                tunnel.sourceAccessToken(), null, SubProtocol.V1)) {
            firstMessage(source);
            assertThat(source.subProtocol()).contains(SubProtocol.V1);
        }
    }

    private static List<Message> resets(RawTunnelClient client) {
        return client.received().stream().filter(m -> m.getType() == Message.Type.STREAM_RESET).toList();
    }

    private static OpenTunnelResponse openTunnel(String... services) {
        return server.api().openTunnel(r -> r.destinationConfig(d -> d.services(services)));
    }

    private static RawTunnelClient connect(Mode mode, String token) {
        return RawTunnelClient.connect(server.endpoint(), server.ssl(), mode, token, null, SubProtocol.V3);
    }

    /** The first message of a session, which must be SERVICE_IDS. */
    private static Message firstMessage(RawTunnelClient client) {
        client.awaitMessage("a first message", m -> true);
        Message first = client.received().get(0);
        assertThat(first.getType()).isEqualTo(Message.Type.SERVICE_IDS);
        return first;
    }

    private static Message stream(Message.Type type, int streamId, String service) {
        return Message.newBuilder().setType(type).setStreamId(streamId).setServiceId(service).setConnectionId(1)
                .build();
    }

    private static Message data(int streamId, String service, ByteString payload) {
        return Message.newBuilder().setType(Message.Type.DATA).setStreamId(streamId).setServiceId(service)
                .setConnectionId(1).setPayload(payload).build();
    }

    private static ByteString bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return ByteString.copyFrom(b);
    }
}
