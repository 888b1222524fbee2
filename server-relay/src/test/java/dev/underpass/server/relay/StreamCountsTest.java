package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link Relay#activeStreams()} and {@link Relay#activeConnections()} follow the streams and connections relayed
 * between real clients, and return to zero when they end or their sides leave.
 */
@ExtendWith(NettyLeakGuard.class)
class StreamCountsTest {
    private TestServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterEach
    void stopServer() throws Exception {
        server.close();
    }

    @Test
    void v3ConnectionsAreCountedWithinTheirStreamAndAllEndWhenASideLeaves() throws Exception {
        Tokens tokens = server.authority.open("SSH1", "VNC");
        TestClient source = TestClient.joined(server, Mode.SOURCE, tokens.source());
        TestClient destination = TestClient.joined(server, Mode.DESTINATION, tokens.destination());
        try {
            assertCounts(0, 0);
            source.send(Msgs.streamStart(1, "SSH1", 1), Msgs.connectionStart(1, "SSH1", 2),
                    Msgs.streamStart(1, "VNC", 1));
            for (int i = 0; i < 3; i++) {
                destination.nextMessage();
            }
            awaitCounts(2, 3);

            destination.send(Msgs.bytes(TunnelMessages.control(Message.Type.CONNECTION_RESET, 1, "SSH1", 2)));
            assertThat(source.nextMessage().getType()).isEqualTo(Message.Type.CONNECTION_RESET);
            awaitCounts(2, 2);

            destination.send(Msgs.streamReset(1, "VNC"));
            assertThat(source.nextMessage().getType()).isEqualTo(Message.Type.STREAM_RESET);
            awaitCounts(1, 1);

            source.close();
            awaitCounts(0, 0);
        } finally {
            source.close();
            destination.close();
        }
    }

    @Test
    void aV1StreamIsOneConnectionUntilTheTunnelCloses() throws Exception {
        Tokens tokens = server.authority.open("SSH1");
        TestClient source = TestClient.connect(server, Mode.SOURCE, tokens.source(), null,
                SubProtocol.V1.headerValue(), 0);
        TestClient destination = TestClient.connect(server, Mode.DESTINATION, tokens.destination(), null,
                SubProtocol.V1.headerValue(), 0);
        try {
            source.nextMessage();
            destination.nextMessage();
            source.send(Msgs.streamStart(1, "", 0), Msgs.data(1, "", 0, Msgs.payload(100, 1)));
            destination.nextMessage();
            destination.nextMessage();
            awaitCounts(1, 1);

            server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");
            source.awaitClose();
            destination.awaitClose();
            awaitCounts(0, 0);
        } finally {
            source.close();
            destination.close();
        }
    }

    @Test
    void aReplacedSourceEndsTheStreamsOfTheOldSession() throws Exception {
        String clientToken = "client-token-0123456789abcdef-0123456789";
        Tokens tokens = server.authority.open("SSH1");
        TestClient first = TestClient.connect(server, Mode.SOURCE, tokens.source(), clientToken,
                SubProtocol.V3.headerValue(), 0);
        TestClient destination = TestClient.joined(server, Mode.DESTINATION, tokens.destination());
        TestClient second = null;
        try {
            first.nextMessage();
            first.send(Msgs.streamStart(1, "SSH1", 1));
            destination.nextMessage();
            awaitCounts(1, 1);

            second = TestClient.connect(server, Mode.SOURCE, tokens.source(), clientToken,
                    SubProtocol.V3.headerValue(), 0);
            assertThat(destination.nextMessage().getType()).isEqualTo(Message.Type.STREAM_RESET);
            awaitCounts(0, 0);
        } finally {
            first.close();
            destination.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private void awaitCounts(long streams, long connections) {
        await().untilAsserted(() -> assertCounts(streams, connections));
    }

    private void assertCounts(long streams, long connections) {
        assertThat(server.relay.activeStreams()).as("streams").isEqualTo(streams);
        assertThat(server.relay.activeConnections()).as("connections").isEqualTo(connections);
    }
}
