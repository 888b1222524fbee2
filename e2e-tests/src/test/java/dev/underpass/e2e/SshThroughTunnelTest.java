package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.ServiceMappings;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;

/** An operator runs {@code ssh} against the source proxy's port and reaches the SSH server behind the destination. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SshThroughTunnelTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static SshServerFixture sshd;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        sshd = SshServerFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
        server.close();
    }

    @Test
    void anSshCommandThroughTheSourcePortIsAnsweredByTheSshServerBehindTheDestination() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r
                .destinationConfig(d -> d.thingName("edge-box").services("SSH")));
        int sessionsBefore = sshd.sessionsCreated();
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("SSH", sshd.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "SSH")) {

            String output = SshCommand.run(source.sourcePort("SSH"), "echo hello through the tunnel");

            assertThat(output).isEqualTo("hello through the tunnel\n");
            assertThat(sshd.sessionsCreated()).as("the session reached this SSH server").isEqualTo(sessionsBefore + 1);
            Tunnel described = server.api().describeTunnel(r -> r.tunnelId(tunnel.tunnelId())).tunnel();
            assertThat(described.sourceConnectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
            assertThat(described.destinationConnectionState().status()).isEqualTo(ConnectionStatus.CONNECTED);
        }
    }

    @Test
    void aSingleServiceTunnelWorksWithUnnamedMappingsAsWithAwsDashSAndDashD() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(), sshd.port());
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), ServiceMappings.UNNAMED)) {
            int port = source.sourcePort(ServiceMappings.UNNAMED);

            assertThat(SshCommand.run(port, "echo first session")).isEqualTo("first session\n");
            assertThat(SshCommand.run(port, "echo second session")).as("a later connection opens a new stream")
                    .isEqualTo("second session\n");
        }
    }
}
