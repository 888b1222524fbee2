package dev.underpass.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The service behind the destination fails: it refuses connections, or it dies in the middle of a stream (normal
 * close or reset). The client at the source port sees its connection end (end of stream or reset, within a bounded
 * wait: never a hang), with every byte it got being one it sent; and the tunnel carries the next connection.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DestinationServiceFailureTest {
    /** A connection the tunnel should end is given this long; past it, the outcome reports a hang. */
    private static final int READ_TIMEOUT_MILLIS = 20_000;
    private static final long MANY_BYTES = 1L << 30;

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aRefusingServiceEndsEachConnectionCleanlyAndTheTunnelWorksOnceItListens() throws Exception {
        int port = freePort();
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("APP")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(), Map.of("APP", port));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "APP")) {
            for (int i = 0; i < 3; i++) {
                assertEndsCleanly(source.sourcePort("APP"), 100 + i);
            }
            try (FlakyService service = FlakyService.start(port)) {
                assertCarries(source.sourcePort("APP"));
                assertThat(source.connected()).isTrue();
                assertThat(destination.connected()).isTrue();
            }
        }
    }

    // A normal close delivers everything echoed before it because the service ends with FIN and then reads until
    // the tunnel closes its side (FlakyService): a service that close()s with unread input makes Linux send RST and
    // drop its unsent echo, so bytes go missing even on a direct TCP connection.
    @Test
    void aServiceDyingMidStreamEndsTheClientsConnectionCleanlyAndTheTunnelServesTheNextOne() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("APP")));
        try (FlakyService service = FlakyService.start(0);
             LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                     Map.of("APP", service.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "APP")) {
            int port = source.sourcePort("APP");
            service.dieNext(new FlakyService.Death(300_000, true));
            PrefixCheckedStream.Outcome reset = assertEndsCleanly(port, 1);
            assertThat(reset.received()).as("echoed before the reset; all of it arrived or some was lost with it")
                    .isLessThanOrEqualTo(300_000);
            assertCarries(port);

            service.dieNext(new FlakyService.Death(500_000, false));
            PrefixCheckedStream.Outcome closed = assertEndsCleanly(port, 2);
            assertThat(closed.received()).as("a normal close delivers everything echoed before it")
                    .isEqualTo(500_000);
            assertCarries(port);

            assertThat(service.died()).isEqualTo(2);
            assertThat(destination.connected()).isTrue();
        }
    }

    /** Streams into the source port until the tunnel ends the connection, which must happen cleanly. */
    private static PrefixCheckedStream.Outcome assertEndsCleanly(int port, long seed) throws Exception {
        try (PrefixCheckedStream stream = PrefixCheckedStream.start(port, seed, MANY_BYTES, READ_TIMEOUT_MILLIS)) {
            PrefixCheckedStream.Outcome outcome = stream.outcome()
                    .get(READ_TIMEOUT_MILLIS + 10_000L, TimeUnit.MILLISECONDS);
            assertThat(outcome.ending()).as("how the connection ended: %s", outcome)
                    .matches("end of stream|reset: .*");
            assertThat(outcome.intact()).as("every byte received was one sent: %s", outcome).isTrue();
            return outcome;
        }
    }

    private static void assertCarries(int port) throws InterruptedException {
        ChecksumTransfer.Result result = ChecksumTransfer.to(port, 2, 256 * 1024 + 3, 5).run(Duration.ofSeconds(45));
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isEqualTo(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
