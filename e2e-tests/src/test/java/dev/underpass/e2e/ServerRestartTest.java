package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.MutableClock;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.RawUpgrade;
import dev.underpass.e2e.support.ServerProcess;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/**
 * The server is stopped and started again on the same data directory: the tunnel survives in the database, both
 * local proxies come back on their own; lifetimes that ran out while it was down, and tokens used before, are
 * enforced after it.
 */
@ExtendWith(NettyLeakGuard.class)
class ServerRestartTest {
    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void afterARestartOnTheSameDataDirectoryTheTunnelIsOpenBothProxiesReconnectAndSshWorksAgain() throws Exception {
        LocalProxy destination = null;
        LocalProxy source = null;
        try (SshServerFixture sshd = SshServerFixture.start()) {
            int port;
            OpenTunnelResponse tunnel;
            try (ServerProcess first = ServerProcess.start("restart-server-1", dataDir, 0)) {
                port = first.port();
                tunnel = first.api().openTunnel(r -> r.destinationConfig(d -> d.thingName("restarted")
                        .services("SSH")));
                destination = Proxies.destination(first, tunnel.destinationAccessToken(), Map.of("SSH", sshd.port()));
                source = Proxies.source(first, tunnel.sourceAccessToken(), "SSH");
                assertThat(SshCommand.run(source.sourcePort("SSH"), "echo before the restart"))
                        .isEqualTo("before the restart\n");
            }
            awaitDisconnected(source, destination);

            try (ServerProcess second = ServerProcess.start("restart-server-2", dataDir, port)) {
                Tunnel reopened = Tunnels.awaitConnections(second, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);

                assertThat(reopened.status()).isEqualTo(TunnelStatus.OPEN);
                assertThat(SshCommand.run(source.sourcePort("SSH"), "echo after the restart"))
                        .isEqualTo("after the restart\n");
                assertThat(sshd.sessionsCreated()).isEqualTo(2);
                assertThat(source.exit()).isNotDone();
                assertThat(destination.exit()).isNotDone();
            }
        } finally {
            for (LocalProxy proxy : new LocalProxy[] {source, destination}) {
                if (proxy != null) {
                    proxy.close();
                }
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void expiryAndSingleUseTokensAreEnforcedAcrossARestart() throws Exception {
        MutableClock clock = MutableClock.atSystemTime();
        String shortLived;
        OpenTunnelResponse longLived;
        try (TestServer first = TestServer.start(dataDir, c -> c.withClock(clock))) {
            shortLived = first.api().openTunnel(r -> r.timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(1)))
                    .tunnelId();
            longLived = first.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH"))
                    .timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(10)));
            try (RawTunnelClient once = RawTunnelClient.connect(first.endpoint(), first.ssl(), Mode.SOURCE,
                    longLived.sourceAccessToken(), null, SubProtocol.V3)) {
                once.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
            }
        }
        clock.advance(Duration.ofMinutes(2));

        try (TestServer second = TestServer.start(dataDir, c -> c.withClock(clock))) {
            // No explicit maintenance call: the restarted server expires overdue tunnels by itself.
            Tunnels.awaitStatus(second, shortLived, TunnelStatus.CLOSED);
            assertThat(Tunnels.describe(second, longLived.tunnelId()).status()).isEqualTo(TunnelStatus.OPEN);
            RawUpgrade.Response reused = RawUpgrade.send(second.endpoint(), second.ssl(), RawUpgrade.request(
                    second.endpoint(), Handshake.PATH + "?" + Handshake.MODE_PARAMETER + "=source",
                    Map.of(Handshake.ACCESS_TOKEN_HEADER, longLived.sourceAccessToken())));
            assertThat(reused.status()).as("a token used before the restart: " + reused).isBetween(400, 499);
            try (RawTunnelClient unused = RawTunnelClient.connect(second.endpoint(), second.ssl(), Mode.DESTINATION,
                    longLived.destinationAccessToken(), null, SubProtocol.V3)) {
                unused.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
            }
        }
    }

    /** Both proxies noticed the server went away (and kept running, to reconnect). */
    private static void awaitDisconnected(LocalProxy... proxies) {
        Awaitility.await("both proxies notice the server is gone")
                .atMost(Duration.ofSeconds(20))
                .until(() -> java.util.Arrays.stream(proxies).noneMatch(LocalProxy::connected));
    }
}
