package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.HttpService;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.LocalProxyProcesses;
import dev.underpass.e2e.support.ServerProcess;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.Tunnels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * One V3 tunnel carrying three services at once, with fifty concurrent connections on one of them moving more than a
 * gibibyte each way, every connection checked by SHA-256.
 *
 * <p>The server and both local proxies run as separate processes with full JIT and Netty's leak detector at
 * advanced (sampled) level: at paranoid level every 8-byte step of WebSocket masking records a stack trace, which
 * caps a tunnel below 1 MB/s. The in-process tests cover paranoid; here any sampled leak report fails the test.
 */
class ManyServicesThroughputTest {
    private static final Logger LOG = LoggerFactory.getLogger(ManyServicesThroughputTest.class);
    private static final int CONNECTIONS = 50;
    private static final long BYTES_PER_CONNECTION = 21L * 1024 * 1024 + 4099; // odd size: no chunk lines up
    private static final long GIB = 1024L * 1024 * 1024;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 480, unit = TimeUnit.SECONDS) // ~1 min alone on 2 cores; generous for a shared machine
    void oneTunnelCarriesSshEchoAndHttpAtOnceAndAGibibyteOverFiftyCheckedConnections() throws Exception {
        try (SshServerFixture sshd = SshServerFixture.start();
             EchoServer echo = EchoServer.start();
             HttpService http = HttpService.start();
             ServerProcess server = ServerProcess.start("bulk-server", JavaProcess.BULK, dataDir, 0)) {
            OpenTunnelResponse tunnel = server.api().openTunnel(r -> r
                    .destinationConfig(d -> d.thingName("busy-box").services("SSH", "ECHO", "HTTP")));
            try (JavaProcess destination = LocalProxyProcesses.destination("bulk-dst", JavaProcess.BULK, server,
                    tunnel.destinationAccessToken(), "SSH=127.0.0.1:" + sshd.port() + ",ECHO=127.0.0.1:"
                            + echo.port() + ",HTTP=127.0.0.1:" + http.port());
                 JavaProcess source = LocalProxyProcesses.source("bulk-src", JavaProcess.BULK, server,
                         tunnel.sourceAccessToken(), "SSH=0,ECHO=0,HTTP=0")) {
                int sshPort = LocalProxyProcesses.listenPort(source, "SSH");
                int echoPort = LocalProxyProcesses.listenPort(source, "ECHO");
                int httpPort = LocalProxyProcesses.listenPort(source, "HTTP");
                Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);

                ChecksumTransfer transfer = ChecksumTransfer.to(echoPort, CONNECTIONS, BYTES_PER_CONNECTION,
                        20_240_601).pausingHalfway();
                CompletableFuture<ChecksumTransfer.Result> running = transfer.start();
                transfer.awaitHalfway(Duration.ofSeconds(240));

                // While fifty echo connections are open mid-transfer, the other two services answer too.
                String sshOutput = SshCommand.run(sshPort, "echo ssh beside the bulk transfer");
                String httpBody = HttpService.get(httpPort, "/status");
                assertThat(running).as("the bulk transfer was in flight meanwhile").isNotDone();
                transfer.resume();
                ChecksumTransfer.Result result = running.get(240, TimeUnit.SECONDS);
                LOG.info("bulk transfer through one tunnel: {}", result);

                assertThat(sshOutput).isEqualTo("ssh beside the bulk transfer\n");
                assertThat(httpBody).isEqualTo(HttpService.expectedBody("/status"));
                assertThat(result.problems()).isEmpty();
                assertThat(result.verified()).isEqualTo(CONNECTIONS);
                assertThat(result.totalBytesEachWay()).isGreaterThanOrEqualTo(GIB);
                assertThat(echo.acceptedConnections()).as("every connection reached the echo service")
                        .isEqualTo(CONNECTIONS);
                assertThat(destination.leakReports()).isEmpty();
                assertThat(source.leakReports()).isEmpty();
                assertThat(server.process().leakReports()).isEmpty();
                assertThat(server.process().output()).as("no token in the server's log")
                        .doesNotContain(tunnel.sourceAccessToken())
                        .doesNotContain(tunnel.destinationAccessToken());
            }
        }
    }
}
