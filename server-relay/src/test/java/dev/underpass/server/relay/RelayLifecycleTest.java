package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Event;
import dev.underpass.server.relay.TestAuthority.Tokens;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Dead peers and shutdown, each on its own server and with real time. */
@ExtendWith(NettyLeakGuard.class)
class RelayLifecycleTest {

    @Test
    void aClientThatStaysSilentIsPingedThenDroppedWithGoingAway() throws Exception {
        RelaySettings quick = RelaySettings.DEFAULTS.withIdleTimeout(Duration.ofMillis(900), Duration.ofMillis(300));
        try (TestServer server = new TestServer(quick, 0)) {
            Tokens tokens = server.authority.open("SSH1");
            try (TestClient source = TestClient.joined(server, Mode.SOURCE, tokens.source())) {

                assertThat(source.next()).isInstanceOfSatisfying(TestClient.Ping.class, ping ->
                        assertThat(Long.parseLong(new String(ping.payload()))).isPositive());
                TestClient.Closed closed = (TestClient.Closed) nextNonPing(source);

                assertThat(closed.status()).isEqualTo(1001);
                assertThat(closed.reason()).startsWith("nothing received for");
                await().until(() -> server.authority.events(tokens.tunnelId()).contains(
                        new Event(tokens.tunnelId(), Mode.SOURCE, false)));
            }
        }
    }

    private static Object nextNonPing(TestClient client) throws InterruptedException {
        Object next;
        do {
            next = client.next();
        } while (next instanceof TestClient.Ping);
        return next;
    }

    @Test
    void shutdownClosesEveryConnectionWithGoingAwayAndRefusesNewOnes() throws Exception {
        try (TestServer server = new TestServer()) {
            Tokens tokens = server.authority.open("SSH1");
            Tokens other = server.authority.open("SSH1");
            TestClient source = TestClient.joined(server, Mode.SOURCE, tokens.source());
            TestClient destination = TestClient.joined(server, Mode.DESTINATION, tokens.destination());

            server.relay.shutdown();

            assertThat(source.awaitClose()).isEqualTo(new TestClient.Closed(1001, "server is shutting down"));
            assertThat(destination.awaitClose()).isEqualTo(new TestClient.Closed(1001, "server is shutting down"));
            await().until(() -> server.relay.connectedSides() == 0);
            RawHttp.Response refused = RawHttp.exchange(server.port, RawHttp.upgrade(
                    "/tunnel?local-proxy-mode=source", "access-token: " + other.source(),
                    "Sec-WebSocket-Protocol: aws.iot.securetunneling-3.0"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.body()).isEqualTo("server is shutting down: retry later\n");
        }
    }
}
