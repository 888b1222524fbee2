package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * Clients that break the protocol are disconnected with a close frame and a reason, their peer stays connected, and
 * a tunnel carrying checksummed data at the same time does not notice.
 */
@ExtendWith(NettyLeakGuard.class)
class MisbehavingClientTest {
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void protocolViolationsCloseOnlyTheOffenderWhileAnotherTunnelsDataStaysIntact() throws Exception {
        try (TestServer server = TestServer.start(dataDir); EchoServer echo = EchoServer.start()) {
            OpenTunnelResponse busy = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
            try (LocalProxy destination = Proxies.destination(server, busy.destinationAccessToken(),
                    Map.of("ECHO", echo.port()));
                 LocalProxy source = Proxies.source(server, busy.sourceAccessToken(), "ECHO")) {
                ChecksumTransfer transfer = ChecksumTransfer.to(source.sourcePort("ECHO"), 4, 1024L * 1024, 99)
                        .pausingHalfway();
                CompletableFuture<ChecksumTransfer.Result> running = transfer.start();
                transfer.awaitHalfway(Duration.ofSeconds(60));

                // Undecodable protobuf behind a valid length prefix.
                assertOffenderClosed(server, Mode.SOURCE, c -> c.sendBinary(new byte[] {0, 5, -1, -1, -1, -1, -1}));
                // One WebSocket frame larger than the 131076-byte limit (the server may cut it off mid-send).
                assertOffenderClosed(server, Mode.SOURCE, c -> c.trySendBinary(new byte[200_000]));
                // Text frames are not part of the protocol.
                assertOffenderClosed(server, Mode.SOURCE, c -> c.sendText("hello, is this the tunnel?"));
                // Only a source starts streams.
                assertOffenderClosed(server, Mode.DESTINATION, c -> c.send(Message.newBuilder()
                        .setType(Message.Type.STREAM_START).setStreamId(1).setServiceId("SSH").setConnectionId(1)
                        .build()));
                // Clients never send SERVICE_IDS.
                assertOffenderClosed(server, Mode.SOURCE, c -> c.send(Message.newBuilder()
                        .setType(Message.Type.SERVICE_IDS).addAvailableServiceIds("SSH").build()));

                assertThat(running).as("the busy tunnel's transfer was in flight throughout").isNotDone();
                transfer.resume();
                ChecksumTransfer.Result result = running.get(90, TimeUnit.SECONDS);
                assertThat(result.problems()).isEmpty();
                assertThat(result.verified()).isEqualTo(4);
                assertThat(source.connected()).isTrue();
                assertThat(destination.connected()).isTrue();
            }
        }
    }

    /** Opens a fresh tunnel, connects both sides raw, lets one side misbehave, and checks who is disconnected. */
    private static void assertOffenderClosed(TestServer server, Mode offenderMode, Consumer<RawTunnelClient> offend)
            throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
        String offenderToken = offenderMode == Mode.SOURCE ? tunnel.sourceAccessToken()
                : tunnel.destinationAccessToken();
        String peerToken = offenderMode == Mode.SOURCE ? tunnel.destinationAccessToken()
                : tunnel.sourceAccessToken();
        try (RawTunnelClient peer = RawTunnelClient.connect(server.endpoint(), server.ssl(), offenderMode.peer(),
                peerToken, null, SubProtocol.V3);
             RawTunnelClient offender = RawTunnelClient.connect(server.endpoint(), server.ssl(), offenderMode,
                     offenderToken, null, SubProtocol.V3)) {
            peer.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
            offender.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);

            offend.accept(offender);

            RawTunnelClient.Closed closed = offender.closed().get(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            assertThat(closed.byCloseFrame()).as("closed with a close frame: %s", closed).isTrue();
            assertThat(closed.code()).as("close code").isNotEqualTo(1000);
            assertThat(closed.reason()).as("close reason").isNotBlank();
            ConnectionStatus expectedSource = offenderMode == Mode.SOURCE ? ConnectionStatus.DISCONNECTED
                    : ConnectionStatus.CONNECTED;
            ConnectionStatus expectedDestination = offenderMode == Mode.DESTINATION ? ConnectionStatus.DISCONNECTED
                    : ConnectionStatus.CONNECTED;
            Tunnels.awaitConnections(server, tunnel.tunnelId(), expectedSource, expectedDestination);
            assertThat(peer.closed()).as("the offender's peer stays connected").isNotDone();
        }
    }
}
