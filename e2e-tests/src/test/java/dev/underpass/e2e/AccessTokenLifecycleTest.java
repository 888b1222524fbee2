package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.LocalProxyProcesses;
import dev.underpass.e2e.support.MutableClock;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.RawUpgrade;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.localproxy.ExitCodes;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.ClientMode;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/**
 * Access tokens over a tunnel's life (SPEC §3): single use unless bound to a client token, replacement of a
 * connection, rotation, CloseTunnel and lifetime expiry, the last driven by the server's injected clock.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AccessTokenLifecycleTest {
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;
    static MutableClock clock = MutableClock.atSystemTime();
    static TestServer server;
    static SshServerFixture sshd;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, c -> c.withClock(clock));
        sshd = SshServerFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
        server.close();
    }

    @Test
    void aUsedAccessTokenWithoutAClientTokenIsRefusedWith4xx() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        try (RawTunnelClient first = connect(Mode.SOURCE, tunnel.sourceAccessToken(), null)) {
            awaitServiceIds(first);
        }
        Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.DISCONNECTED,
                ConnectionStatus.DISCONNECTED);

        RawUpgrade.Response again = upgrade(Mode.SOURCE, tunnel.sourceAccessToken(), null);

        assertThat(again.status()).as(again.toString()).isBetween(400, 499);
        assertThat(again.body()).isNotBlank();
    }

    @Test
    void aReconnectWithTheSameClientTokenWorksAndNoOtherClientTokenDoes() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        String clientToken = Tunnels.newClientToken();
        try (RawTunnelClient first = connect(Mode.DESTINATION, tunnel.destinationAccessToken(), clientToken)) {
            awaitServiceIds(first);
        }
        Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.DISCONNECTED,
                ConnectionStatus.DISCONNECTED);

        try (RawTunnelClient again = connect(Mode.DESTINATION, tunnel.destinationAccessToken(), clientToken)) {
            awaitServiceIds(again);
            Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.DISCONNECTED,
                    ConnectionStatus.CONNECTED);
        }
        RawUpgrade.Response otherClientToken = upgrade(Mode.DESTINATION, tunnel.destinationAccessToken(),
                Tunnels.newClientToken());
        RawUpgrade.Response noClientToken = upgrade(Mode.DESTINATION, tunnel.destinationAccessToken(), null);

        assertThat(otherClientToken.status()).as(otherClientToken.toString()).isBetween(400, 499);
        assertThat(noClientToken.status()).as(noClientToken.toString()).isBetween(400, 499);
    }

    @Test
    void aSecondConnectionWithTheClientTokenReplacesTheFirstAndThePeerGetsAStreamReset() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        String clientToken = Tunnels.newClientToken();
        try (RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken(), null);
             RawTunnelClient firstDestination = connect(Mode.DESTINATION, tunnel.destinationAccessToken(),
                     clientToken)) {
            awaitServiceIds(source);
            awaitServiceIds(firstDestination);
            source.send(streamMessage(Message.Type.STREAM_START, 1));
            firstDestination.awaitMessage("STREAM_START relayed to the first destination",
                    m -> m.getType() == Message.Type.STREAM_START && m.getStreamId() == 1);

            try (RawTunnelClient secondDestination = connect(Mode.DESTINATION, tunnel.destinationAccessToken(),
                    clientToken)) {
                awaitServiceIds(secondDestination);

                RawTunnelClient.Closed replaced = firstDestination.closed().get(20, TimeUnit.SECONDS);
                assertThat(replaced).isNotNull();
                Message reset = source.awaitMessage("STREAM_RESET for the stream of the replaced destination",
                        m -> m.getType() == Message.Type.STREAM_RESET && m.getStreamId() == 1);
                assertThat(reset.getServiceId()).isEqualTo("SSH");

                source.send(streamMessage(Message.Type.STREAM_START, 2));
                secondDestination.awaitMessage("STREAM_START relayed to the new destination",
                        m -> m.getType() == Message.Type.STREAM_START && m.getStreamId() == 2);
                assertThat(source.closed()).as("the source stays connected").isNotDone();
                Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);
            }
        }
    }

    @Test
    void rotatingTheSourceTokenCutsTheSourceConnectionAndOnlyTheNewTokenWorks() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        String clientToken = Tunnels.newClientToken();
        try (RawTunnelClient destination = connect(Mode.DESTINATION, tunnel.destinationAccessToken(), null);
             RawTunnelClient oldSource = connect(Mode.SOURCE, tunnel.sourceAccessToken(), clientToken)) {
            awaitServiceIds(destination);
            awaitServiceIds(oldSource);

            RotateTunnelAccessTokenResponse rotated = server.api().rotateTunnelAccessToken(r -> r
                    .tunnelId(tunnel.tunnelId()).clientMode(ClientMode.SOURCE));

            RawTunnelClient.Closed cut = oldSource.closed().get(20, TimeUnit.SECONDS);
            assertThat(cut).isNotNull();
            RawUpgrade.Response oldToken = upgrade(Mode.SOURCE, tunnel.sourceAccessToken(), clientToken);
            assertThat(oldToken.status()).as("the revoked token, even with its client token: " + oldToken)
                    .isBetween(400, 499);
            try (RawTunnelClient newSource = connect(Mode.SOURCE, rotated.sourceAccessToken(), clientToken)) {
                awaitServiceIds(newSource);
                newSource.send(streamMessage(Message.Type.STREAM_START, 1));
                destination.awaitMessage("the destination, untouched by the rotation, gets the new source's stream",
                        m -> m.getType() == Message.Type.STREAM_START && m.getStreamId() == 1);
            }
        }
    }

    @Test
    void rotationStopsTheLocalProxyOfTheOldTokenAndAProxyStartedWithItExitsWithARejection() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        Map<String, Integer> services = Map.of("SSH", sshd.port());
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(), services);
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "SSH")) {
            Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                    ConnectionStatus.CONNECTED);

            RotateTunnelAccessTokenResponse rotated = server.api().rotateTunnelAccessToken(r -> r
                    .tunnelId(tunnel.tunnelId()).clientMode(ClientMode.DESTINATION));

            destination.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                    ConnectionStatus.DISCONNECTED);
            assertThat(source.exit()).as("the source is untouched").isNotDone();
            try (LocalProxy stale = LocalProxy.start(Proxies.destinationConfig(server,
                    tunnel.destinationAccessToken(), services))) {
                assertThat(stale.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                        .as("exit code of a proxy refused with a 4xx").isEqualTo(ExitCodes.REJECTED);
                assertThat(stale.failure()).hasValueSatisfying(why -> assertThat(why).isNotBlank());
            }
            try (LocalProxy renewed = Proxies.destination(server, rotated.destinationAccessToken(), services)) {
                assertThat(SshCommand.run(source.sourcePort("SSH"), "echo with the rotated token"))
                        .isEqualTo("with the rotated token\n");
            }
        }
    }

    @Test
    void closeTunnelDisconnectsBothSidesAndBothLocalProxyProcessesExitZero() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        // The destination is given -e as a full wss:// URL, the source as AWS's host:port.
        try (JavaProcess destination = LocalProxyProcesses.destination("close-dst", JavaProcess.QUICK,
                "wss://" + server.proxyEndpoint(), server, tunnel.destinationAccessToken(),
                "SSH=127.0.0.1:" + sshd.port());
             JavaProcess source = LocalProxyProcesses.source("close-src", JavaProcess.QUICK, server,
                     tunnel.sourceAccessToken(), "SSH=0")) {
            int port = LocalProxyProcesses.listenPort(source, "SSH");
            Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                    ConnectionStatus.CONNECTED);
            assertThat(SshCommand.run(port, "echo through two proxy processes"))
                    .isEqualTo("through two proxy processes\n");

            server.api().closeTunnel(r -> r.tunnelId(tunnel.tunnelId()));

            assertThat(destination.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("destination exit code; output:\n%s", destination.output()).isZero();
            assertThat(source.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                    .as("source exit code; output:\n%s", source.output()).isZero();
            Tunnel closed = Tunnels.describe(server, tunnel.tunnelId());
            assertThat(closed.status()).isEqualTo(TunnelStatus.CLOSED);
            assertThat(closed.sourceConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(closed.destinationConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(destination.leakReports()).isEmpty();
            assertThat(source.leakReports()).isEmpty();
            assertThat(destination.output() + source.output()).as("no token in any log line")
                    .doesNotContain(tunnel.sourceAccessToken())
                    .doesNotContain(tunnel.destinationAccessToken());
        }
    }

    @Test
    void closeTunnelWithDeleteSendsBothSidesANormalCloseFrameAndForgetsTheTunnel() throws Exception {
        OpenTunnelResponse tunnel = openSshTunnel();
        try (RawTunnelClient source = connect(Mode.SOURCE, tunnel.sourceAccessToken(), null);
             RawTunnelClient destination = connect(Mode.DESTINATION, tunnel.destinationAccessToken(), null)) {
            awaitServiceIds(source);
            awaitServiceIds(destination);

            server.api().closeTunnel(r -> r.tunnelId(tunnel.tunnelId()).delete(true));

            for (RawTunnelClient side : List.of(source, destination)) {
                RawTunnelClient.Closed closed = side.closed().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(closed.byCloseFrame()).as("%s", closed).isTrue();
                assertThat(closed.code()).isEqualTo(1000);
            }
            assertThatThrownBy(() -> Tunnels.describe(server, tunnel.tunnelId()))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    void lifetimeExpiryClosesTheTunnelAndDisconnectsBothProxies() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r
                .destinationConfig(d -> d.services("SSH"))
                .timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(1)));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("SSH", sshd.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "SSH")) {
            assertThat(SshCommand.run(source.sourcePort("SSH"), "echo before expiry")).isEqualTo("before expiry\n");

            clock.advance(Duration.ofMinutes(2));
            server.runMaintenance();

            assertThat(destination.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
            assertThat(source.exit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isZero();
            Tunnel expired = Tunnels.describe(server, tunnel.tunnelId());
            assertThat(expired.status()).isEqualTo(TunnelStatus.CLOSED);
            assertThat(expired.sourceConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(expired.destinationConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        }
    }

    private static OpenTunnelResponse openSshTunnel() {
        return server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
    }

    private static RawTunnelClient connect(Mode mode, String token, String clientToken) {
        return RawTunnelClient.connect(server.endpoint(), server.ssl(), mode, token, clientToken, SubProtocol.V3);
    }

    private static void awaitServiceIds(RawTunnelClient client) {
        Message ids = client.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
        assertThat(ids.getAvailableServiceIdsList()).containsExactly("SSH");
    }

    private static Message streamMessage(Message.Type type, int streamId) {
        return Message.newBuilder().setType(type).setStreamId(streamId).setServiceId("SSH").setConnectionId(1)
                .build();
    }

    private static RawUpgrade.Response upgrade(Mode mode, String token, String clientToken) throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(Handshake.ACCESS_TOKEN_HEADER, token);
        if (clientToken != null) {
            headers.put(Handshake.CLIENT_TOKEN_HEADER, clientToken);
        }
        return RawUpgrade.send(server.endpoint(), server.ssl(), RawUpgrade.request(server.endpoint(),
                Handshake.PATH + "?" + Handshake.MODE_PARAMETER + "=" + mode.wireName(), headers));
    }
}
