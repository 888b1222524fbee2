package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.HttpService;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.ServiceMappings;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * Older source proxies against a V3 destination, where SPEC §4 says they interoperate: a V1 source (no service ids,
 * one stream at a time) on a one-service tunnel, and a V2 source (service ids, one connection per stream) on a
 * tunnel with several services.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LegacySourceCompatibilityTest {
    private static final long BYTES = 1024L * 1024 + 17; // paranoid leak tracking: about 1 MB/s
    private static final Duration TRANSFER_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path dataDir;
    static TestServer server;
    static EchoServer echo;
    static HttpService http;
    static SshServerFixture sshd;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir);
        echo = EchoServer.start();
        http = HttpService.start();
        sshd = SshServerFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        sshd.close();
        http.close();
        echo.close();
        server.close();
    }

    @Test
    void aV1SourceReachesTheOneServiceOfAV3DestinationOneStreamAfterAnother() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("SSH", sshd.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), SubProtocol.V1,
                     ServiceMappings.UNNAMED)) {
            int port = source.sourcePort(ServiceMappings.UNNAMED);

            assertThat(SshCommand.run(port, "echo from a V1 source")).isEqualTo("from a V1 source\n");
            assertThat(SshCommand.run(port, "echo and a second stream")).isEqualTo("and a second stream\n");
        }
    }

    @Test
    void aV1SourceCarriesCheckedDataToAV3Destination() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("ECHO", echo.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), SubProtocol.V1,
                     ServiceMappings.UNNAMED)) {
            int port = source.sourcePort(ServiceMappings.UNNAMED);

            ChecksumTransfer.Result first = ChecksumTransfer.to(port, 1, BYTES, 1).run(TRANSFER_TIMEOUT);
            ChecksumTransfer.Result second = ChecksumTransfer.to(port, 1, BYTES, 2).run(TRANSFER_TIMEOUT);

            assertThat(first.problems()).isEmpty();
            assertThat(first.verified()).isEqualTo(1);
            assertThat(second.problems()).isEmpty();
            assertThat(second.verified()).isEqualTo(1);
        }
    }

    @Test
    void aV2SourceReachesSeveralServicesOfAV3DestinationOneConnectionPerStream() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r
                .destinationConfig(d -> d.services("ECHO", "HTTP", "SSH")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("ECHO", echo.port(), "HTTP", http.port(), "SSH", sshd.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), SubProtocol.V2,
                     "ECHO", "HTTP", "SSH")) {

            // One connection on each service at the same time: three streams, one connection each.
            ChecksumTransfer echoTransfer = ChecksumTransfer.to(source.sourcePort("ECHO"), 1, BYTES, 3)
                    .pausingHalfway();
            CompletableFuture<ChecksumTransfer.Result> running = echoTransfer.start();
            echoTransfer.awaitHalfway(TRANSFER_TIMEOUT);
            String ssh = SshCommand.run(source.sourcePort("SSH"), "echo from a V2 source");
            String body = HttpService.get(source.sourcePort("HTTP"), "/v2");
            echoTransfer.resume();
            ChecksumTransfer.Result concurrent = running.get(TRANSFER_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            ChecksumTransfer.Result later = ChecksumTransfer.to(source.sourcePort("ECHO"), 1, BYTES, 4)
                    .run(TRANSFER_TIMEOUT);

            assertThat(ssh).isEqualTo("from a V2 source\n");
            assertThat(body).isEqualTo(HttpService.expectedBody("/v2"));
            assertThat(concurrent.problems()).isEmpty();
            assertThat(concurrent.verified()).isEqualTo(1);
            assertThat(later.problems()).as("a new stream on the same service after the first ended").isEmpty();
            assertThat(later.verified()).isEqualTo(1);
        }
    }
}
