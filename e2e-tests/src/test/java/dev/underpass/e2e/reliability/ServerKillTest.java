package dev.underpass.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.LocalProxyProcesses;
import dev.underpass.e2e.support.ServerProcess;
import dev.underpass.e2e.support.Tunnels;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/**
 * The server process is killed with SIGKILL while eight echo connections are moving data through a tunnel, and
 * started again on the same data directory and port. Every cut connection ends (no hang) and what its client
 * received is byte for byte a prefix of what it sent; the tunnel is still OPEN, both local proxy processes come back
 * by themselves, and new connections carry checksummed data.
 */
class ServerKillTest {
    private static final Logger LOG = LoggerFactory.getLogger(ServerKillTest.class);
    private static final int STREAMS = 8;
    /** Far more than moves before the kill: the streams are provably cut, not finished. */
    private static final long STREAM_LIMIT = 1L << 30;
    private static final long IN_FLIGHT_BYTES = 256 * 1024;
    private static final int READ_TIMEOUT_MILLIS = 60_000;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void killMinusNineMidTransferCutsStreamsCleanlyAndEverythingComesBackAfterARestart() throws Exception {
        List<PrefixCheckedStream> streams = new ArrayList<>();
        try (EchoServer echo = EchoServer.start()) {
            ServerProcess first = ServerProcess.start("kill-server-1", JavaProcess.BULK, dataDir, 0);
            int port = first.port();
            OpenTunnelResponse tunnel = first.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
            try (JavaProcess destination = LocalProxyProcesses.destination("kill-dst", JavaProcess.BULK, first,
                    tunnel.destinationAccessToken(), "ECHO=127.0.0.1:" + echo.port());
                 JavaProcess source = LocalProxyProcesses.source("kill-src", JavaProcess.BULK, first,
                         tunnel.sourceAccessToken(), "ECHO=0")) {
                int sourcePort = LocalProxyProcesses.listenPort(source, "ECHO");
                Tunnels.awaitConnections(first, tunnel.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);
                for (int i = 0; i < STREAMS; i++) {
                    streams.add(PrefixCheckedStream.start(sourcePort, 7_000 + i, STREAM_LIMIT, READ_TIMEOUT_MILLIS));
                }
                Awaitility.await("every stream has echoed data").atMost(Duration.ofSeconds(60))
                        .until(() -> streams.stream().allMatch(s -> s.received() >= IN_FLIGHT_BYTES));

                first.process().kill();
                first.close();

                List<PrefixCheckedStream.Outcome> outcomes = new ArrayList<>();
                for (PrefixCheckedStream s : streams) {
                    // bounded: a stream that never ends fails on its own read timeout, reported as a hang
                    outcomes.add(s.outcome().get(READ_TIMEOUT_MILLIS + 10_000, TimeUnit.MILLISECONDS));
                }
                LOG.info("streams cut by kill -9: {}", outcomes);
                assertThat(outcomes).as("each cut stream ended by close or reset, no hang, no wrong byte")
                        .allSatisfy(o -> {
                            assertThat(o.intact()).as("intact prefix: %s", o).isTrue();
                            assertThat(o.ending()).as("ending of %s", o).matches("end of stream|reset: .*");
                            assertThat(o.received()).isGreaterThanOrEqualTo(IN_FLIGHT_BYTES).isLessThan(STREAM_LIMIT);
                        });

                try (ServerProcess second = ServerProcess.start("kill-server-2", JavaProcess.BULK, dataDir, port)) {
                    long restarted = System.nanoTime();
                    // The proxies' back-off (1 s doubling, up to 30 s) decides when they try again; wait for it.
                    Awaitility.await("both proxies reconnect by themselves").atMost(Duration.ofSeconds(90))
                            .pollInterval(Duration.ofMillis(100))
                            .until(() -> bothConnected(Tunnels.describe(second, tunnel.tunnelId())));
                    LOG.info("both proxies were back {} ms after the restarted server listened",
                            (System.nanoTime() - restarted) / 1_000_000);
                    Tunnel reopened = Tunnels.describe(second, tunnel.tunnelId());
                    assertThat(reopened.status()).isEqualTo(TunnelStatus.OPEN);

                    ChecksumTransfer.Result after = ChecksumTransfer.to(sourcePort, 4, 2L * 1024 * 1024 + 17, 31)
                            .run(Duration.ofSeconds(90));
                    LOG.info("after the restart: {}", after);
                    assertThat(after.problems()).isEmpty();
                    assertThat(after.verified()).isEqualTo(4);
                    assertThat(source.isAlive()).as("the source proxy reconnected instead of exiting").isTrue();
                    assertThat(destination.isAlive()).isTrue();
                    assertThat(source.leakReports()).isEmpty();
                    assertThat(destination.leakReports()).isEmpty();
                    assertThat(second.process().leakReports()).isEmpty();
                }
            } finally {
                streams.forEach(PrefixCheckedStream::close);
                first.close();
            }
        }
    }

    private static boolean bothConnected(Tunnel t) {
        return t.sourceConnectionState().status() == ConnectionStatus.CONNECTED
                && t.destinationConnectionState().status() == ConnectionStatus.CONNECTED;
    }
}
