package dev.underpass.cli.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.testing.Cli;
import dev.underpass.cli.testing.CliResult;
import dev.underpass.cli.testing.SharedServer;
import dev.underpass.server.UnderpassServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keys create|list|revoke} and {@code tunnels audit} through the real entry point against a real server: a
 * key made by the admin works at once, shows in the audit under its own name, and stops working when revoked.
 */
@ExtendWith(SharedServer.class)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KeyCommandsTest {
    @TempDir
    static Path home;
    static UnderpassServer server;
    static Cli admin;

    @BeforeAll
    static void configure(UnderpassServer shared) {
        server = shared;
        admin = new Cli(Map.of("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString()), home);
    }

    private static CliResult as(Cli cli, String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(),
                "--ca-bundle", server.caFile().toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private static JsonNode ok(CliResult result) {
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result.json();
    }

    @Test
    void aCreatedKeyWorksIsAuditedUnderItsNameAndIsRefusedOnceRevoked() {
        JsonNode created = ok(as(admin, "keys", "create", "--name", "ci-bot", "--description", "nightly job"))
                .get("accessKey");
        String keyId = created.get("accessKeyId").asText();
        String secret = created.get("secretAccessKey").asText();
        assertThat(keyId).hasSize(20).startsWith("AKUP");
        assertThat(secret).hasSize(40);
        Cli bot = new Cli(Map.of("AWS_ACCESS_KEY_ID", keyId, "AWS_SECRET_ACCESS_KEY", secret), home);

        String tunnelId = ok(as(bot, "tunnels", "open", "--destination-config", "services=ssh")).get("tunnelId")
                .asText();
        ok(as(bot, "tunnels", "describe", "--tunnel-id", tunnelId));
        CliResult selfRevoke = as(bot, "keys", "revoke", keyId);
        assertThat(selfRevoke.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(selfRevoke.err()).contains("(ValidationException)").contains("sign the revoke with another key");

        JsonNode listed = ok(as(admin, "keys", "list"));
        assertThat(listed.get("accessKeys")).anySatisfy(k -> {
            assertThat(k.get("accessKeyId").asText()).isEqualTo(keyId);
            assertThat(k.get("status").asText()).isEqualTo("ACTIVE");
            assertThat(k.get("name").asText()).isEqualTo("ci-bot");
            assertThat(k.has("secretAccessKey")).isFalse();
        });
        assertThat(listed.get("accessKeys")).anySatisfy(k -> assertThat(k.get("source").asText())
                .isEqualTo("CREDENTIALS_FILE"));
        CliResult table = as(admin, "--output", "table", "keys", "list");
        assertThat(table.out()).startsWith("ACCESS KEY ID").contains(keyId).contains("ci-bot").contains("bootstrap");

        JsonNode revoked = ok(as(admin, "keys", "revoke", "--access-key-id", keyId)).get("accessKey");
        assertThat(revoked.get("status").asText()).isEqualTo("REVOKED");
        CliResult refused = as(bot, "tunnels", "list");
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(refused.err()).contains("(UnrecognizedClientException)");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode events = ok(as(admin, "tunnels", "audit", tunnelId)).get("events");
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("action").asText()).isEqualTo("OpenTunnel");
                assertThat(e.get("accessKeyId").asText()).isEqualTo(keyId);
                assertThat(e.get("keyName").asText()).isEqualTo("ci-bot");
            });
            assertThat(events).anySatisfy(e -> {
                assertThat(e.get("action").asText()).isEqualTo("DescribeTunnel");
                assertThat(e.get("accessKeyId").asText()).isEqualTo(keyId);
            });
        });
        CliResult audit = as(admin, "--output", "table", "tunnels", "audit", "--tunnel-id", tunnelId);
        assertThat(audit.exitCode()).as(audit.toString()).isZero();
        assertThat(audit.out()).startsWith("TIME").contains("OpenTunnel").contains(keyId + " (ci-bot)");
    }

    @Test
    void revokingTheBootstrapKeyOrAnUnknownKeyFailsWithAMessageSayingWhy() throws Exception {
        String bootstrap = ok(as(admin, "keys", "list")).get("accessKeys").get(0).get("accessKeyId").asText();

        CliResult own = as(admin, "keys", "revoke", bootstrap);
        CliResult unknown = as(admin, "keys", "revoke", "AKUPAAAAAAAAAAAAAAAA");
        CliResult none = as(admin, "keys", "revoke");

        assertThat(own.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(own.err()).contains("bootstrap key");
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(unknown.err()).contains("(ResourceNotFoundException)");
        assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("--access-key-id");
    }
}
