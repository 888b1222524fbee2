package dev.underpass.cli.tunnels;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.testing.Cli;
import dev.underpass.cli.testing.CliResult;
import dev.underpass.cli.testing.Pems;
import dev.underpass.cli.testing.SharedServer;
import dev.underpass.server.UnderpassServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tunnel commands through the real entry point against a real server (TLS with its generated CA, SigV4 with
 * its generated credentials file), as an operator would type them.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TunnelCommandsTest {
    @TempDir
    static Path home;
    static UnderpassServer server;
    static Cli cli;

    @BeforeAll
    static void configure(UnderpassServer shared) {
        server = shared;
        cli = new Cli(Map.of("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString()), home);
    }

    /** Global options first, as in {@code underpass --endpoint-url … tunnels list}. */
    private static CliResult underpass(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(),
                "--ca-bundle", server.caFile().toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    @Test
    void openListDescribeRotateAndCloseWorkAgainstTheServer() {
        String thing = "cli-thing-" + UUID.randomUUID();
        CliResult open = underpass("tunnels", "open", "--description", "operator laptop",
                "--tags", "Key=team,Value=edge", "key=env,value=lab",
                "--destination-config", "thingName=" + thing + ",services=ssh,web",
                "--timeout-config", "maxLifetimeTimeoutMinutes=30");
        assertThat(open.exitCode()).as(open.toString()).isZero();
        assertThat(open.err()).isEmpty();
        JsonNode opened = open.json();
        assertThat(opened.fieldNames()).toIterable()
                .containsExactly("tunnelId", "tunnelArn", "sourceAccessToken", "destinationAccessToken");
        String id = opened.get("tunnelId").asText();
        assertThat(opened.get("tunnelArn").asText()).endsWith(":tunnel/" + id);
        assertThat(open.out()).startsWith("{\n    \"tunnelId\": \"" + id + "\",\n");

        CliResult list = underpass("tunnels", "list", "--thing-name", thing);
        assertThat(list.exitCode()).as(list.toString()).isZero();
        JsonNode summary = list.json().get("tunnelSummaries").get(0);
        assertThat(summary.get("tunnelId").asText()).isEqualTo(id);
        assertThat(summary.get("status").asText()).isEqualTo("OPEN");
        assertThat(summary.get("description").asText()).isEqualTo("operator laptop");
        assertThat(summary.get("createdAt").isNumber()).as("epoch seconds").isTrue();
        assertThat(list.json().get("tunnelSummaries")).hasSize(1);

        JsonNode tunnel = describe(id).get("tunnel");
        assertThat(tunnel.get("status").asText()).isEqualTo("OPEN");
        assertThat(tunnel.get("destinationConfig").get("thingName").asText()).isEqualTo(thing);
        assertThat(tunnel.get("destinationConfig").get("services").toString()).isEqualTo("[\"ssh\",\"web\"]");
        assertThat(tunnel.get("timeoutConfig").get("maxLifetimeTimeoutMinutes").asInt()).isEqualTo(30);
        assertThat(tunnel.get("tags").toString())
                .isEqualTo("[{\"key\":\"team\",\"value\":\"edge\"},{\"key\":\"env\",\"value\":\"lab\"}]");
        assertThat(tunnel.get("sourceConnectionState").get("status").asText()).isEqualTo("DISCONNECTED");
        assertThat(tunnel.get("destinationConnectionState").get("status").asText()).isEqualTo("DISCONNECTED");

        CliResult rotate = underpass("tunnels", "rotate", "--tunnel-id", id, "--client-mode", "SOURCE");
        assertThat(rotate.exitCode()).as(rotate.toString()).isZero();
        assertThat(rotate.json().fieldNames()).toIterable().containsExactly("tunnelArn", "sourceAccessToken");
        assertThat(rotate.json().get("sourceAccessToken").asText()).isNotBlank()
                .isNotEqualTo(opened.get("sourceAccessToken").asText());

        CliResult rotateJson = underpass("tunnels", "rotate", "--tunnel-id", id, "--client-mode", "all",
                "--destination-config", "{\"thingName\": \"" + thing + "\", \"services\": [\"ssh\", \"web\"]}");
        assertThat(rotateJson.exitCode()).as(rotateJson.toString()).isZero();
        assertThat(rotateJson.json().fieldNames()).toIterable()
                .containsExactly("tunnelArn", "sourceAccessToken", "destinationAccessToken");

        CliResult close = underpass("tunnels", "close", "--tunnel-id", id);
        assertThat(close.exitCode()).as(close.toString()).isZero();
        assertThat(close.out()).as("an empty response prints nothing, as in the AWS CLI").isEmpty();

        assertThat(describe(id).get("tunnel").get("status").asText()).isEqualTo("CLOSED");
    }

    @Test
    void tableOutputShowsTheListAndBothConnectionStates() {
        String thing = "cli-table-" + UUID.randomUUID();
        String id = underpass("tunnels", "open", "--description", "for the table",
                "--destination-config", "thingName=" + thing + ",services=ssh").json().get("tunnelId").asText();

        CliResult list = underpass("tunnels", "list", "--thing-name", thing, "--output", "table");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0)).matches("TUNNEL ID +\\| STATUS \\| DESCRIPTION   \\| CREATED");
        assertThat(lines.get(1)).matches("-+-\\+-+-\\+-+-\\+-+");
        assertThat(lines.get(2)).matches(id + " \\| OPEN   \\| for the table \\| \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        CliResult describe = underpass("tunnels", "describe", "--tunnel-id", id, "--output", "TABLE");
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        assertThat(describe.out()).contains("Tunnel ID              | " + id + "\n")
                .contains("Status                 | OPEN\n")
                .contains("Services               | ssh\n")
                .containsPattern("Source connection      \\| DISCONNECTED since \\S+Z\n")
                .containsPattern("Destination connection \\| DISCONNECTED since \\S+Z\n")
                .contains("Max lifetime           | 720 minutes\n");
        underpass("tunnels", "close", "--tunnel-id", id, "--delete");
    }

    @Test
    void anUnknownTunnelIdExitsOneWithTheAwsCliMessage() {
        CliResult result = underpass("tunnels", "describe", "--tunnel-id", UUID.randomUUID().toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("An error occurred (ResourceNotFoundException) when calling the "
                + "DescribeTunnel operation: ");
    }

    @Test
    void aCaBundleThatDidNotSignTheServerCertificateExitsThreeWithAHint(@TempDir Path dir) throws Exception {
        Path wrongCa = Pems.writeUnrelatedCa(dir.resolve("wrong-ca.pem"));

        CliResult result = cli.run("tunnels", "list", "--endpoint-url", server.endpoint().toString(),
                "--ca-bundle", wrongCa.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.err()).contains("\"" + server.endpoint() + "/\"")
                .contains("certificate is not trusted").contains("the CA bundle " + wrongCa).contains("--ca-bundle");
    }

    @Test
    void withoutACaBundleTheJvmsDefaultTrustRefusesTheServerWithTheSameHint() {
        CliResult result = cli.run("tunnels", "list", "--endpoint-url", server.endpoint().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.err()).contains("the JVM's default CAs").contains("--ca-bundle");
    }

    @Test
    void anEndpointWhereNothingListensExitsThreeNamingIt() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        CliResult result = cli.run("tunnels", "list", "--endpoint-url", "https://127.0.0.1:" + port);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(result.err()).startsWith("Could not connect to the endpoint URL: \"https://127.0.0.1:" + port
                + "/\"").contains("--endpoint-url");
    }

    @Test
    void theEnvironmentGivesEndpointCaAndKeysAndOptionsWorkAfterTheSubcommand() throws Exception {
        Map<String, String> keys = credentials();
        Cli fromEnv = new Cli(Map.of("UNDERPASS_ENDPOINT_URL", server.endpoint().toString(),
                "AWS_CA_BUNDLE", server.caFile().toString(),
                "AWS_ACCESS_KEY_ID", keys.get("aws_access_key_id"),
                "AWS_SECRET_ACCESS_KEY", keys.get("aws_secret_access_key"),
                "AWS_REGION", "eu-west-3"), home);

        CliResult list = fromEnv.run("tunnels", "list", "--max-results", "1", "--output", "json");

        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.json().has("tunnelSummaries")).isTrue();
    }

    @Test
    void keysTheServerDoesNotKnowAreTheServicesErrorAndTheSecretIsNeverPrinted() {
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        Cli stranger = new Cli(Map.of("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY", secret),
                home);

        CliResult result = stranger.run("tunnels", "list", "--endpoint-url", server.endpoint().toString(),
                "--ca-bundle", server.caFile().toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(result.err()).startsWith("An error occurred (").contains("when calling the ListTunnels operation");
        assertThat(result.out() + result.err()).doesNotContain(secret);
    }

    private static JsonNode describe(String id) {
        CliResult describe = underpass("tunnels", "describe", "--tunnel-id", id);
        assertThat(describe.exitCode()).as(describe.toString()).isZero();
        return describe.json();
    }

    private static Map<String, String> credentials() throws Exception {
        return Files.readAllLines(server.credentialsFile()).stream().filter(l -> l.contains(" = "))
                .map(l -> l.split(" = ", 2))
                .collect(java.util.stream.Collectors.toMap(p -> p[0].strip(), p -> p[1].strip()));
    }
}
