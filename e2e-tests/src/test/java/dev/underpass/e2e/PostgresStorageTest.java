package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
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
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/**
 * The server on a real PostgreSQL (zonky's embedded binaries; as root they run in a user namespace through
 * {@code unshare -U}, which the library does by itself): a tunnel opened, used and closed, its state kept there.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresStorageTest {
    private static final String DATABASE = "underpass";

    static EmbeddedPostgres postgres;
    static String jdbcUrl;

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder().setPGStartupWait(Duration.ofSeconds(60)).start();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + DATABASE);
        }
        jdbcUrl = postgres.getJdbcUrl("postgres", DATABASE);
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aTunnelOnPostgresqlIsOpenedUsedAndClosedAndItsStateOutlivesTheServer(@TempDir Path firstDir,
            @TempDir Path secondDir) throws Exception {
        OpenTunnelResponse tunnel;
        try (TestServer server = TestServer.start(firstDir, c -> c.withDatabase(jdbcUrl, "postgres", ""));
             SshServerFixture sshd = SshServerFixture.start();
             EchoServer echo = EchoServer.start()) {
            tunnel = server.api().openTunnel(r -> r.description("stored in PostgreSQL")
                    .destinationConfig(d -> d.thingName("pg-thing").services("SSH", "ECHO")));
            try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                    Map.of("SSH", sshd.port(), "ECHO", echo.port()));
                 LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "SSH", "ECHO")) {
                Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);

                String ssh = SshCommand.run(source.sourcePort("SSH"), "echo stored in postgres");
                ChecksumTransfer.Result transfer = ChecksumTransfer.to(source.sourcePort("ECHO"), 4,
                        256L * 1024, 5).run(Duration.ofSeconds(60));

                assertThat(ssh).isEqualTo("stored in postgres\n");
                assertThat(transfer.problems()).isEmpty();
                assertThat(transfer.verified()).isEqualTo(4);

                server.api().closeTunnel(r -> r.tunnelId(tunnel.tunnelId()));
                assertThat(destination.exit().get(20, TimeUnit.SECONDS)).isZero();
                assertThat(source.exit().get(20, TimeUnit.SECONDS)).isZero();
            }
        }

        // A second server with a different data directory but the same database sees the same tunnel.
        try (TestServer other = TestServer.start(secondDir, c -> c.withDatabase(jdbcUrl, "postgres", ""))) {
            Tunnel stored = Tunnels.describe(other, tunnel.tunnelId());
            assertThat(stored.status()).isEqualTo(TunnelStatus.CLOSED);
            assertThat(stored.description()).isEqualTo("stored in PostgreSQL");
            assertThat(stored.destinationConfig().services()).containsExactly("SSH", "ECHO");
            assertThat(stored.sourceConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
            assertThat(stored.destinationConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        }
    }
}
