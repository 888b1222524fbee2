package dev.underpass.cli.tunnels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.testing.Cli;
import dev.underpass.cli.testing.CliResult;
import dev.underpass.protocol.testing.EchoServer;
import dev.underpass.cli.testing.SharedServer;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.UnderpassServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tunnels open --connect}: one command opens the tunnel and runs the source local proxy; a destination local
 * proxy (as a device agent would start it) connects to an echo service; bytes go through; a second CLI call closes
 * the tunnel and the first one then returns 0.
 */
@ExtendWith({SharedServer.class, NettyLeakGuard.class})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenConnectTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path home;
    static UnderpassServer server;
    static Cli cli;

    @BeforeAll
    static void configure(UnderpassServer shared) {
        server = shared;
        cli = new Cli(Map.of("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString(),
                "UNDERPASS_ENDPOINT_URL", server.endpoint().toString(),
                "AWS_CA_BUNDLE", server.caFile().toString()), home);
    }

    @Test
    void openWithConnectCarriesBytesUntilASecondCallClosesTheTunnel() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Cli.Running open = cli.start("tunnels", "open", "--destination-config",
                    "thingName=cli-connect-" + UUID.randomUUID() + ",services=echo", "--connect", "0");
            List<Integer> ports = awaitListening(open, 1);
            JsonNode opened = JSON.readTree(open.stdout());
            String id = opened.get("tunnelId").asText();
            assertThat(open.stderr()).contains("for service echo of tunnel " + id);

            try (LocalProxy destination = destination(opened, Map.of("echo", echo.port()))) {
                await().atMost(WAIT).until(() -> bothSidesConnected(id));

                assertThat(roundTrip(ports.get(0), "hello through the tunnel\n"))
                        .isEqualTo("hello through the tunnel\n");

                CliResult close = cli.run("tunnels", "close", "--tunnel-id", id);
                assertThat(close.exitCode()).as(close.toString()).isZero();
                assertThat(open.exit().get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(open.stderr()).isZero();
                assertThat(destination.exit().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
            }
        }
    }

    @Test
    void aPortPerServiceListensForEachAndPrintsALineForEach() throws Exception {
        try (EchoServer echo = EchoServer.start()) {
            Cli.Running open = cli.start("tunnels", "open", "--destination-config",
                    "thingName=cli-connect-" + UUID.randomUUID() + ",services=ssh,web", "--connect", "ssh=0,web=0");
            List<Integer> ports = awaitListening(open, 2);
            JsonNode opened = JSON.readTree(open.stdout());
            String id = opened.get("tunnelId").asText();
            assertThat(open.stderr()).contains("for service ssh of tunnel " + id)
                    .contains("for service web of tunnel " + id);

            try (LocalProxy destination = destination(opened, Map.of("ssh", echo.port(), "web", echo.port()))) {
                await().atMost(WAIT).until(() -> bothSidesConnected(id));
                assertThat(roundTrip(ports.get(0), "to ssh\n")).isEqualTo("to ssh\n");
                assertThat(roundTrip(ports.get(1), "to web\n")).isEqualTo("to web\n");

                assertThat(cli.run("tunnels", "close", "--tunnel-id", id).exitCode()).isZero();
                assertThat(open.exit().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
            }
        }
    }

    @Test
    void portsThatDoNotFitTheServicesAreAUsageErrorAndNoTunnelIsOpened() {
        String thing = "cli-connect-" + UUID.randomUUID();

        CliResult result = cli.run("tunnels", "open", "--destination-config", "thingName=" + thing
                + ",services=ssh,web", "--connect", "10022");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("one port cannot serve the tunnel's services ssh, web")
                .contains("--connect ssh=PORT,web=PORT");
        assertThat(cli.run("tunnels", "list", "--thing-name", thing).json().get("tunnelSummaries")).isEmpty();
    }

    /** Waits for the stderr lines of {@code open --connect} and returns the bound ports in order. */
    private static List<Integer> awaitListening(Cli.Running open, int count) {
        Pattern line = Pattern.compile("Listening on localhost:(\\d+) ");
        await().atMost(WAIT).until(() -> open.exit().isDone() || line.matcher(open.stderr()).results().count() >= count);
        assertThat(open.exit()).as("still running; stderr: " + open.stderr()).isNotDone();
        List<Integer> ports = new ArrayList<>();
        Matcher m = line.matcher(open.stderr());
        while (m.find()) {
            ports.add(Integer.parseInt(m.group(1)));
        }
        assertThat(ports).hasSize(count).allSatisfy(p -> assertThat(p).isPositive());
        return ports;
    }

    private static LocalProxy destination(JsonNode opened, Map<String, Integer> services) {
        LocalProxyConfig.Builder config = LocalProxyConfig.builder(Mode.DESTINATION,
                opened.get("destinationAccessToken").asText(), ProxyEndpoint.parse(server.endpoint().toString()))
                .caPath(server.caFile());
        services.forEach((service, port) -> config.destination(service, new HostPort("127.0.0.1", port)));
        return LocalProxy.start(config.build());
    }

    private static boolean bothSidesConnected(String id) {
        JsonNode tunnel = cli.run("tunnels", "describe", "--tunnel-id", id).json().get("tunnel");
        return tunnel.get("sourceConnectionState").get("status").asText().equals("CONNECTED")
                && tunnel.get("destinationConnectionState").get("status").asText().equals("CONNECTED");
    }

    private static String roundTrip(int port, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(bytes.length), StandardCharsets.UTF_8);
        }
    }
}
