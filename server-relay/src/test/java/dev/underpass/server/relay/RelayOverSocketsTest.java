package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Event;
import dev.underpass.server.relay.TestAuthority.Tokens;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The relay behind a real HTTP server, with real WebSocket clients on real sockets. */
@ExtendWith(NettyLeakGuard.class)
class RelayOverSocketsTest {
    private static final String CLIENT_TOKEN = "client-token-0123456789abcdef-0123456789";

    private static TestServer server;
    private final List<TestClient> clients = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(TestClient::close);
    }

    private TestClient join(Tokens tokens, Mode mode) throws Exception {
        return track(TestClient.joined(server, mode, tokens.of(mode)));
    }

    private TestClient track(TestClient client) {
        clients.add(client);
        return client;
    }

    @Test
    void theUpgradeAnswersTheHighestOfferedSubProtocolAndAChannelIdThenServiceIdsComeFirst() throws Exception {
        Tokens tokens = server.authority.open("SSH1", "VNC");
        TestClient client = track(TestClient.connect(server, Mode.SOURCE, tokens.source(), null,
                "aws.iot.securetunneling-1.0,aws.iot.securetunneling-3.0,aws.iot.securetunneling-2.0", 0));

        assertThat(client.responseHeaders().get("Sec-WebSocket-Protocol")).isEqualTo(SubProtocol.V3.headerValue());
        assertThat(UUID.fromString(client.responseHeaders().get("channel-id"))).isNotNull();
        Message first = client.nextMessage();
        assertThat(first.getType()).isEqualTo(Message.Type.SERVICE_IDS);
        assertThat(first.getAvailableServiceIdsList()).containsExactly("SSH1", "VNC");
        Channel relayed = server.children.stream()
                .filter(c -> c.remoteAddress().equals(client.channel.localAddress())).findFirst().orElseThrow();
        await().untilAsserted(() -> assertThat(relayed.pipeline().names()).startsWith("wsencoder",
                RelayPipeline.CLOSER, RelayPipeline.LIVENESS, "wsdecoder", RelayPipeline.FRAMES,
                RelayPipeline.DECODER, RelayPipeline.CONNECTION).hasSize(8));
        assertThat(relayed.config().isAutoRead()).isFalse();
        assertThat(relayed.config().getWriteBufferHighWaterMark())
                .isEqualTo(RelaySettings.DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK);
    }

    @Test
    void serviceIdsAreTheExactBytesOfTheSpec() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient client = track(TestClient.connect(server, Mode.DESTINATION, tokens.destination(), null,
                SubProtocol.V2.headerValue(), 0));

        assertThat(client.responseHeaders().get("Sec-WebSocket-Protocol")).isEqualTo(SubProtocol.V2.headerValue());
        assertThat(client.nextBinary()).containsExactly(0x00, 0x08, 0x08, 0x05, 0x32, 0x04, 0x53, 0x53, 0x48, 0x31);
    }

    @Test
    void messagesAreRelayedIntactAndInOrderInBothDirections() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);
        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        byte[] small = Msgs.data(1, "SSH1", 1, Msgs.payload(100, 1));
        byte[] largest = Msgs.data(1, "SSH1", 1, Msgs.payload(64_512, 2));
        byte[] reply = Msgs.data(1, "SSH1", 1, Msgs.payload(5000, 3));

        source.send(start);
        source.send(small);
        source.send(largest);
        destination.send(reply);

        assertThat(destination.nextBinary()).isEqualTo(start);
        assertThat(destination.nextBinary()).isEqualTo(small);
        assertThat(destination.nextBinary()).isEqualTo(largest);
        assertThat(source.nextBinary()).isEqualTo(reply);
    }

    @Test
    void messagesSplitAcrossFramesOrPackedIntoOneArriveOneFramePerMessage() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);
        byte[] m1 = Msgs.streamStart(1, "SSH1", 1);
        byte[] m2 = Msgs.data(1, "SSH1", 1, Msgs.payload(3000, 4));
        byte[] m3 = Msgs.data(1, "SSH1", 1, Msgs.payload(7, 5));
        byte[] m4 = Msgs.data(1, "SSH1", 1, Msgs.payload(10_000, 6));
        byte[] all = Msgs.concat(m1, m2, m3);

        // one fragmented WebSocket message, cut inside m1 and twice inside m2, as the localproxy does
        source.sendFragmented(all, 1, m1.length + 10, m1.length + 2000);
        // one tunnel message split over two WebSocket messages
        source.send(java.util.Arrays.copyOfRange(m4, 0, 4000));
        source.send(java.util.Arrays.copyOfRange(m4, 4000, m4.length));
        // several tunnel messages packed into one frame
        source.send(m3, m2, m1);

        for (byte[] expected : List.of(m1, m2, m3, m4, m3, m2, m1)) {
            assertThat(destination.nextBinary()).isEqualTo(expected);
        }
    }

    @Test
    void streamStartWithNoPeerIsAnsweredWithAResetAndOtherMessagesAreDropped() throws Exception {
        Tokens tokens = server.authority.open("SSH1", "VNC");
        TestClient source = join(tokens, Mode.SOURCE);

        source.send(Msgs.data(4, "VNC", 1, Msgs.payload(10, 7)));
        source.send(Msgs.streamStart(3, "VNC", 1));
        source.send(Msgs.connectionStart(3, "SSH1", 2));

        Message reset = source.nextMessage();
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(3);
        assertThat(reset.getServiceId()).isEqualTo("VNC");
        Message connectionReset = source.nextMessage();
        assertThat(connectionReset.getType()).isEqualTo(Message.Type.CONNECTION_RESET);
        assertThat(connectionReset.getStreamId()).isEqualTo(3);
        assertThat(connectionReset.getServiceId()).isEqualTo("SSH1");
        assertThat(connectionReset.getConnectionId()).isEqualTo(2);
    }

    @Test
    void aDestinationSendingStreamStartIsClosedAloneWhileOtherTunnelsKeepRelaying() throws Exception {
        Tokens a = server.authority.open("SSH1");
        Tokens b = server.authority.open("SSH1");
        TestClient sourceA = join(a, Mode.SOURCE);
        TestClient destinationA = join(a, Mode.DESTINATION);
        TestClient sourceB = join(b, Mode.SOURCE);
        TestClient destinationB = join(b, Mode.DESTINATION);
        sourceA.send(Msgs.streamStart(1, "SSH1", 1));
        assertThat(destinationA.nextMessage().getType()).isEqualTo(Message.Type.STREAM_START);

        destinationA.send(Msgs.streamStart(2, "SSH1", 1));

        assertThat(destinationA.awaitClose()).isEqualTo(
                new TestClient.Closed(1008, "destination may not send STREAM_START"));
        Message reset = sourceA.nextMessage();
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(1);
        assertThat(sourceA.isOpen()).isTrue();
        byte[] data = Msgs.data(1, "SSH1", 0, Msgs.payload(50, 8));
        sourceB.send(Msgs.streamStart(1, "SSH1", 0), data);
        assertThat(destinationB.nextMessage().getType()).isEqualTo(Message.Type.STREAM_START);
        assertThat(destinationB.nextBinary()).isEqualTo(data);
        await().until(() -> server.authority.events(a.tunnelId()).contains(
                new Event(a.tunnelId(), Mode.DESTINATION, false)));
        assertThat(server.relay.isConnected(a.tunnelId(), Mode.SOURCE)).isTrue();
    }

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("garbage bytes", (Supplier<WebSocketFrame>) () -> binary(new byte[] {0, 3, -1, -1, -1}),
                        1008, "undecodable message"),
                Arguments.of("an oversized DATA payload", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.data(1, "SSH1", 1, Msgs.payload(65_000, 9))), 1008, "payload of 65000 bytes exceeds"),
                Arguments.of("a text frame", (Supplier<WebSocketFrame>) () -> new TextWebSocketFrame("hello"),
                        1003, "text frames are not supported"),
                Arguments.of("a WebSocket frame over 131076 bytes", (Supplier<WebSocketFrame>) () -> binary(
                        new byte[131_077]), 1009, "Max frame length of 131076 has been exceeded"),
                Arguments.of("SESSION_RESET", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.of(Message.Type.SESSION_RESET, 0, "")), 1008, "clients may not send SESSION_RESET"),
                Arguments.of("SERVICE_IDS", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.of(Message.Type.SERVICE_IDS, 0, "")), 1008, "clients may not send SERVICE_IDS"),
                Arguments.of("streamId 0 on DATA", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.data(0, "SSH1", 1, new byte[1])), 1008, "streamId must be > 0 on DATA (got 0)"),
                Arguments.of("an unknown serviceId", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.streamStart(1, "FTP", 1)), 1008, "unknown serviceId 'FTP'"),
                Arguments.of("an unknown type that is not ignorable", (Supplier<WebSocketFrame>) () -> binary(
                        Msgs.bytes(Message.newBuilder().setTypeValue(42).build())), 1008,
                        "unknown message type 42 is not ignorable"));
    }

    private static WebSocketFrame binary(byte[] bytes) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("violations")
    void aViolationClosesOnlyTheOffenderWithTheReason(String what, Supplier<WebSocketFrame> frame, int code,
            String reason) throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);

        source.sendFrame(frame.get());

        TestClient.Closed closed = source.awaitClose();
        assertThat(closed.status()).isEqualTo(code);
        assertThat(closed.reason()).startsWith(reason);
        await().until(() -> !server.relay.isConnected(tokens.tunnelId(), Mode.SOURCE));
        assertThat(destination.isOpen()).isTrue();
        assertThat(server.relay.isConnected(tokens.tunnelId(), Mode.DESTINATION)).isTrue();
    }

    @Test
    void unknownIgnorableTypesAreForwarded() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);
        byte[] future = Msgs.bytes(Message.newBuilder().setTypeValue(42).setIgnorable(true).build());

        destination.send(future);

        assertThat(source.nextBinary()).isEqualTo(future);
    }

    @Test
    void aReconnectReplacesTheOldConnectionAndTheSurvivorGetsAResetPerActiveStream() throws Exception {
        Tokens tokens = server.authority.open("SSH1", "VNC");
        TestClient first = track(TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                SubProtocol.V3.headerValue(), 0));
        first.nextMessage();
        TestClient destination = join(tokens, Mode.DESTINATION);
        first.send(Msgs.streamStart(1, "SSH1", 1), Msgs.streamStart(1, "VNC", 1));
        destination.nextMessage();
        destination.nextMessage();

        TestClient second = track(TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                SubProtocol.V3.headerValue(), 0));

        assertThat(second.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
        assertThat(first.awaitClose()).isEqualTo(new TestClient.Closed(1000, "replaced by a new connection"));
        List<Message> resets = List.of(destination.nextMessage(), destination.nextMessage());
        assertThat(resets).extracting(Message::getType).containsOnly(Message.Type.STREAM_RESET);
        assertThat(resets).extracting(Message::getServiceId).containsExactlyInAnyOrder("SSH1", "VNC");
        assertThat(resets).extracting(Message::getStreamId).containsOnly(1);
        byte[] start = Msgs.streamStart(1, "SSH1", 1);
        second.send(start);
        assertThat(destination.nextBinary()).isEqualTo(start);
        Event up = new Event(tokens.tunnelId(), Mode.SOURCE, true);
        await().untilAsserted(() -> assertThat(server.authority.events(tokens.tunnelId()))
                .filteredOn(e -> e.side() == Mode.SOURCE).containsExactly(up, up));
    }

    @Test
    void closeTunnelSendsNormalClosureWithTheReasonToBothSides() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);

        server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");

        assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
        assertThat(destination.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
        assertThat(server.relay.isConnected(tokens.tunnelId(), Mode.SOURCE)).isFalse();
        await().until(() -> server.authority.events(tokens.tunnelId()).size() == 4);
    }

    @Test
    void disconnectClosesTheRotatedSideAndTheSurvivorGetsStreamResets() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);
        TestClient destination = join(tokens, Mode.DESTINATION);
        source.send(Msgs.streamStart(7, "SSH1", 1));
        destination.nextMessage();

        server.relay.disconnect(tokens.tunnelId(), Set.of(Mode.DESTINATION), "access token rotated");

        assertThat(destination.awaitClose()).isEqualTo(new TestClient.Closed(1000, "access token rotated"));
        Message reset = source.nextMessage();
        assertThat(reset.getType()).isEqualTo(Message.Type.STREAM_RESET);
        assertThat(reset.getStreamId()).isEqualTo(7);
        assertThat(source.isOpen()).isTrue();
    }

    @Test
    void anAdmissionUnderWayWhenTheTunnelClosesIsClosedRightAfterTheUpgrade() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        CountDownLatch gate = new CountDownLatch(1);
        server.authority.gate = gate;
        try {
            var connecting = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return TestClient.connect(server, Mode.SOURCE, tokens.source());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().until(() -> server.authority.waiting.get() == 1);
            server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");
            gate.countDown();
            TestClient source = track(connecting.get());

            assertThat(source.nextMessage().getType()).isEqualTo(Message.Type.SERVICE_IDS);
            assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1000, "tunnel closed"));
            assertThat(server.authority.events(tokens.tunnelId())).isEmpty();
        } finally {
            server.authority.gate = null;
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingTheSamePayload() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = join(tokens, Mode.SOURCE);

        source.sendFrame(new PingWebSocketFrame(Unpooled.copiedBuffer("1700000000123", StandardCharsets.US_ASCII)));

        assertThat(source.next()).isInstanceOfSatisfying(TestClient.Pong.class, pong ->
                assertThat(new String(pong.payload(), StandardCharsets.US_ASCII)).isEqualTo("1700000000123"));
    }

    @Test
    void connectionChangesAreReportedInOrderPerSide() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        for (int i = 1; i <= 3; i++) {
            TestClient source = TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                    SubProtocol.V3.headerValue(), 0);
            source.nextMessage();
            source.close();
            int expected = 2 * i;
            await().until(() -> server.authority.events(tokens.tunnelId()).size() == expected);
        }

        Event up = new Event(tokens.tunnelId(), Mode.SOURCE, true);
        Event down = new Event(tokens.tunnelId(), Mode.SOURCE, false);
        assertThat(server.authority.events(tokens.tunnelId())).containsExactly(up, down, up, down, up, down);
    }
}
