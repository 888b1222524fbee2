package dev.underpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./underpass demo} from the source checkout, the way a person runs it, on the jars this build made
 * ({@code UNDERPASS_NO_BUILD}: the launcher must not start Maven inside the build).
 */
@Timeout(300)
class CheckoutLauncherTest {
    private static final Pattern SERVER = Pattern.compile("Server\\s+https://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern CURL = Pattern.compile("curl http://localhost:(\\d+)/");

    @TempDir
    Path work;

    @Test
    void the_demo_carries_a_request_from_outside_and_stops_cleanly_on_sigterm() throws Exception {
        try (ChildProcess demo = ChildProcess.start("checkout-demo", work, Map.of("UNDERPASS_NO_BUILD", "1"),
                List.of(Installation.CHECKOUT.resolve("underpass").toString(), "demo", "--data-dir", "demo-data",
                        "--ssh", "off"))) {
            demo.awaitLine(Pattern.compile(Pattern.quote("The request went through the tunnel.")),
                    Duration.ofSeconds(120));
            int serverPort = Integer.parseInt(demo.awaitLine(SERVER, Duration.ofSeconds(10)).group(1));
            int httpPort = Integer.parseInt(demo.awaitLine(CURL, Duration.ofSeconds(30)).group(1));

            HttpResponse<String> answer = Https.getPlain(httpPort, "/from-the-test");
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).startsWith("Hello from demo-thing's web service! You asked for /from-the-test");

            demo.terminate();
            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as(demo.output()).isZero();
            assertThat(demo.output()).contains("Stopping (SIGTERM)").endsWith("Demo stopped.")
                    .doesNotContain("underpass demo: could not").doesNotContain("LEAK:");
            assertThat(List.of(serverPort, httpPort)).allSatisfy(port ->
                    assertThat(Ports.listens(port)).as("port %d still listens", port).isFalse());
        }
    }
}
