package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Tokens;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The side events of {@link RelayObserver}: who connected from where, and the bytes each side moved. */
@ExtendWith(NettyLeakGuard.class)
class SideEventsTest {
    private static final String CLIENT_TOKEN = "client-token-0123456789abcdef-0123456789";

    record Side(String tunnelId, Mode mode, boolean connected, SocketAddress remote, long fromSide, long toSide) {
    }

    private final List<Side> events = new CopyOnWriteArrayList<>();
    private final RelayObserver observer = new RelayObserver() {
        @Override
        public void sideConnected(String tunnelId, Mode side, SocketAddress remote) {
            events.add(new Side(tunnelId, side, true, remote, 0, 0));
        }

        @Override
        public void sideDisconnected(String tunnelId, Mode side, SocketAddress remote, long bytesFromSide,
                long bytesToSide) {
            events.add(new Side(tunnelId, side, false, remote, bytesFromSide, bytesToSide));
        }
    };

    @Test
    void eachSideReportsItsAddressAndTheBytesItSentAndReceived() throws Exception {
        try (TestServer server = new TestServer(observer)) {
            Tokens tokens = server.authority.open("SSH1");
            TestClient source = TestClient.joined(server, Mode.SOURCE, tokens.source());
            TestClient destination = TestClient.joined(server, Mode.DESTINATION, tokens.destination());
            byte[] start = Msgs.streamStart(1, "SSH1", 1);
            byte[] up = Msgs.data(1, "SSH1", 1, Msgs.payload(1000, 1));
            byte[] down = Msgs.data(1, "SSH1", 1, Msgs.payload(300, 2));
            source.send(start, up);
            destination.nextBinary();
            destination.nextBinary();
            destination.send(down);
            source.nextBinary();

            server.relay.closeTunnel(tokens.tunnelId(), "tunnel closed");
            source.awaitClose();
            destination.awaitClose();

            await().until(() -> events.size() == 4);
            long sent = start.length + up.length;
            Side sourceLeft = left(Mode.SOURCE);
            Side destinationLeft = left(Mode.DESTINATION);
            assertThat(sourceLeft.fromSide()).isEqualTo(sent);
            assertThat(sourceLeft.toSide()).isEqualTo(down.length);
            assertThat(destinationLeft.fromSide()).isEqualTo(down.length);
            assertThat(destinationLeft.toSide()).isEqualTo(sent);
            assertThat(sourceLeft.remote()).isEqualTo(source.channel.localAddress());
            assertThat(events).filteredOn(Side::connected).extracting(Side::remote)
                    .containsExactlyInAnyOrder(source.channel.localAddress(), destination.channel.localAddress());
            assertThat(((InetSocketAddress) sourceLeft.remote()).getAddress().isLoopbackAddress()).isTrue();
            source.close();
            destination.close();
        }
    }

    @Test
    void aReplacedConnectionIsReportedAsDisconnectedWithItsOwnBytes() throws Exception {
        try (TestServer server = new TestServer(observer)) {
            Tokens tokens = server.authority.open("SSH1");
            TestClient first = TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                    SubProtocol.V3.headerValue(), 0);
            first.nextMessage();
            TestClient destination = TestClient.joined(server, Mode.DESTINATION, tokens.destination());
            byte[] start = Msgs.streamStart(1, "SSH1", 1);
            first.send(start);
            destination.nextBinary();

            TestClient second = TestClient.connect(server, Mode.SOURCE, tokens.source(), CLIENT_TOKEN,
                    SubProtocol.V3.headerValue(), 0);
            second.nextMessage();

            await().until(() -> events.stream().anyMatch(e -> e.mode() == Mode.SOURCE && !e.connected()));
            Side replaced = left(Mode.SOURCE);
            assertThat(replaced.remote()).isEqualTo(first.channel.localAddress());
            assertThat(replaced.fromSide()).isEqualTo(start.length);
            assertThat(events).filteredOn(e -> e.mode() == Mode.SOURCE).extracting(Side::connected)
                    .containsExactly(true, false, true);
            first.close();
            second.close();
            destination.close();
        }
    }

    private Side left(Mode mode) {
        return events.stream().filter(e -> e.mode() == mode && !e.connected()).findFirst().orElseThrow();
    }
}
