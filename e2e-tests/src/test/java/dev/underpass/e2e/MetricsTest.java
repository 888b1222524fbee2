package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.e2e.support.CaTrust;
import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.RawUpgrade;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The Prometheus scrape at {@code /metrics} follows what happens: bytes through a tunnel, refused handshakes by
 * reason, streams and connections open now.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MetricsTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static HttpClient http;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
        http = HttpClient.newBuilder().sslContext(CaTrust.sslContext(server.caFile())).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.E+-]+)$").matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    @Test
    void byteCountersMoveInBothDirectionsWhenDataFlowsThroughATunnel() throws Exception {
        String up = "underpass_relay_bytes_total{direction=\"source_to_destination\"}";
        String down = "underpass_relay_bytes_total{direction=\"destination_to_source\"}";
        String before = scrape();
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
        try (EchoServer echo = EchoServer.start();
             LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                     Map.of("ECHO", echo.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ECHO")) {
            ChecksumTransfer.Result result = ChecksumTransfer.to(source.sourcePort("ECHO"), 2, 250_000, 7)
                    .run(Duration.ofSeconds(60));
            assertThat(result.problems()).isEmpty();
            assertThat(result.verified()).isEqualTo(2);
        }
        String after = scrape();
        assertThat(value(after, up) - value(before, up)).isGreaterThanOrEqualTo(500_000);
        assertThat(value(after, down) - value(before, down)).isGreaterThanOrEqualTo(500_000);
        assertThat(after).contains("underpass_api_calls_seconds_count{operation=\"OpenTunnel\",outcome=\"ok\"}");
    }

    @Test
    void theRejectionCounterMovesOnABadHandshakeUnderItsReason() throws Exception {
        String unknown = "underpass_handshake_rejections_total{reason=\"unknown_token\",status=\"401\"}";
        String missing = "underpass_handshake_rejections_total{reason=\"missing_token\",status=\"400\"}";
        String before = scrape();
        RawUpgrade.Response refused = RawUpgrade.send(server.endpoint(), CaTrust.sslContext(server.caFile()),
                RawUpgrade.request(server.endpoint(), "/tunnel?local-proxy-mode=source",
                        Map.of("access-token", "no-such-token")));
        assertThat(refused.status()).isEqualTo(401);
        RawUpgrade.Response tokenless = RawUpgrade.send(server.endpoint(), CaTrust.sslContext(server.caFile()),
                RawUpgrade.request(server.endpoint(), "/tunnel?local-proxy-mode=source", Map.of()));
        assertThat(tokenless.status()).isEqualTo(400);

        String after = scrape();
        assertThat(value(after, unknown)).isEqualTo(value(before, unknown) + 1);
        assertThat(value(after, missing)).isEqualTo(value(before, missing) + 1);
        assertThat(after).doesNotContain("no-such-token");
    }

    @Test
    void theStreamAndConnectionGaugesFollowATcpConnectionThroughATunnel() throws Exception {
        String streams = "underpass_relay_active_streams";
        String connections = "underpass_relay_active_connections";
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String scrape = scrape(); // sessions of other tests end asynchronously
            return value(scrape, streams) == 0 && value(scrape, connections) == 0;
        });
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
        try (EchoServer echo = EchoServer.start();
             LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                     Map.of("ECHO", echo.port()));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ECHO")) {
            try (Socket client = new Socket("127.0.0.1", source.sourcePort("ECHO"))) {
                client.setSoTimeout(10_000);
                client.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(client.getInputStream().readNBytes(5), StandardCharsets.US_ASCII))
                        .isEqualTo("ping\n");
                String open = scrape();
                assertThat(value(open, streams)).isEqualTo(1);
                assertThat(value(open, connections)).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> value(scrape(), connections) == 0);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String scrape = scrape();
            return value(scrape, streams) == 0 && value(scrape, connections) == 0;
        });
    }
}
