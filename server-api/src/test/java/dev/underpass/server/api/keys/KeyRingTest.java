package dev.underpass.server.api.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.auth.SigV4Request;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.api.testing.SdkSigning;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.JdbcAccessKeyStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.store.StoreSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Keys made through {@link KeysApi} sign requests at once, stop at once when revoked, and are stored only sealed;
 * the bootstrap key and the caller's own key cannot be revoked.
 */
class KeyRingTest {
    private static final String BOOT_ID = "AKUPBOOTSTRAP0000001";
    private static final String BOOT_SECRET = "bootstrap-secret-0123456789abcdefghijklmn";
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dataDir;

    private JdbcTunnelStore tunnels;
    private JdbcAccessKeyStore store;
    private final SecretSealer sealer = new SecretSealer(SecretSealer.newKey());
    private KeyRing ring;
    private KeysApi api;
    private SigV4Verifier verifier;

    @BeforeEach
    void open() {
        tunnels = Database.open(StoreSettings.h2File(dataDir));
        store = new JdbcAccessKeyStore(tunnels.dataSource());
        ring = new KeyRing(Map.of(BOOT_ID, BOOT_SECRET), store, sealer);
        api = new KeysApi(store, ring, sealer, CLOCK);
        verifier = new SigV4Verifier(ring, CLOCK);
    }

    @AfterEach
    void close() {
        tunnels.close();
    }

    private static SigV4Request signed(String keyId, String secret) {
        SdkHttpRequest sdk = SdkSigning.sign("GET", URI.create("http://127.0.0.1:8443/tunnels"), Map.of(),
                new byte[0], keyId, secret, "us-east-1", CLOCK);
        Map<String, List<String>> headers = new HashMap<>(sdk.headers());
        headers.putIfAbsent("Host", List.of("127.0.0.1:8443"));
        return new SigV4Request("GET", "/tunnels", headers, new byte[0]);
    }

    @Test
    void aCreatedKeySignsAtOnceAndIsRefusedFromTheRequestAfterItsRevocation() {
        JsonNode created = api.create(JsonNodeFactory.instance.objectNode().put("name", "ci"), BOOT_ID)
                .get("accessKey");
        String id = created.get("accessKeyId").asText();
        String secret = created.get("secretAccessKey").asText();

        assertThat(verifier.verify(signed(id, secret))).isEqualTo(id);
        assertThat(store.sealedSecret(id).orElseThrow()).startsWith("v1.").doesNotContain(secret);

        api.revoke(JsonNodeFactory.instance.objectNode().put("accessKeyId", id), BOOT_ID);

        assertThatThrownBy(() -> verifier.verify(signed(id, secret))).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.UNRECOGNIZED_CLIENT));
        assertThat(verifier.verify(signed(BOOT_ID, BOOT_SECRET))).isEqualTo(BOOT_ID);
    }

    @Test
    void theBootstrapKeyAndTheCallersOwnKeyCannotBeRevoked() {
        String id = api.create(null, BOOT_ID).get("accessKey").get("accessKeyId").asText();

        assertThatThrownBy(() -> api.revoke(JsonNodeFactory.instance.objectNode().put("accessKeyId", BOOT_ID), id))
                .hasMessageContaining("bootstrap key");
        assertThatThrownBy(() -> api.revoke(JsonNodeFactory.instance.objectNode().put("accessKeyId", id), id))
                .hasMessageContaining("sign the revoke with another key");
        assertThatThrownBy(() -> api.revoke(JsonNodeFactory.instance.objectNode().put("accessKeyId", "bad id"), id))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.VALIDATION));
        assertThat(ring.secretFor(id)).isPresent();
    }

    @Test
    void aSealedSecretOpensOnlyForItsOwnIdAndKey() {
        String sealed = sealer.seal("AKUPA", "the-secret");

        assertThat(sealer.open("AKUPA", sealed)).isEqualTo("the-secret");
        assertThatThrownBy(() -> sealer.open("AKUPB", sealed)).isInstanceOf(IllegalStateException.class)
                .hasMessageNotContaining("the-secret");
        assertThatThrownBy(() -> new SecretSealer(SecretSealer.newKey()).open("AKUPA", sealed))
                .hasMessageContaining("sealing key");
        assertThat(sealer.toString()).doesNotContain("AES");
    }
}
