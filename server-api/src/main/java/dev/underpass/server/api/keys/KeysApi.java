package dev.underpass.server.api.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.JsonInput;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.OperationHandler;
import dev.underpass.server.api.TunnelJson;
import dev.underpass.server.api.Violations;
import dev.underpass.server.store.AccessKey;
import dev.underpass.server.store.AccessKeyStore;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * CreateAccessKey, ListAccessKeys and RevokeAccessKey. A new key's secret is returned once, by CreateAccessKey, and
 * stored only sealed. Revocation is immediate (see {@link KeyRing}) and final. Two revocations are refused, so that an
 * operator cannot lock themselves out by mistake: the bootstrap keys of the credentials file (retired by editing that
 * file), and the key that signs the revoke request itself (sign it with another key).
 */
public final class KeysApi {
    /** Name of the credentials file's keys in listings and in the audit trail. */
    public static final String BOOTSTRAP_NAME = "bootstrap";

    static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._@+=,-]+");
    static final Pattern DESCRIPTION = Pattern.compile("[^\\p{C}]*");
    static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{16,32}");
    private static final int ID_ATTEMPTS = 5;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AccessKeyStore store;
    private final KeyRing ring;
    private final SecretSealer sealer;
    private final Clock clock;

    public KeysApi(AccessKeyStore store, KeyRing ring, SecretSealer sealer, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ring = Objects.requireNonNull(ring, "ring");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The three operations, to pass to {@link dev.underpass.server.api.ControlApi}'s constructor. */
    public Map<Operation, OperationHandler> handlers() {
        return Map.of(Operation.CREATE_ACCESS_KEY, (op, body, caller) -> create(body, caller),
                Operation.LIST_ACCESS_KEYS, (op, body, caller) -> list(body, caller),
                Operation.REVOKE_ACCESS_KEY, (op, body, caller) -> revoke(body, caller));
    }

    ObjectNode create(JsonNode body, String caller) {
        JsonInput request = JsonInput.root(body);
        Violations violations = new Violations();
        String name = request.string("name");
        violations.string("name", name, 1, 64, NAME);
        String description = request.string("description");
        violations.string("description", description, 0, 256, DESCRIPTION);
        violations.throwIfAny();

        String secret = AccessKeyGenerator.newSecret();
        for (int attempt = 1; ; attempt++) {
            String id = AccessKeyGenerator.newAccessKeyId();
            // 80 random bits make a clash all but impossible; checking keeps the store's own error out of the answer.
            if (ring.bootstrapIds().contains(id) || store.find(id).isPresent()) {
                if (attempt == ID_ATTEMPTS) {
                    throw new IllegalStateException("no free access key id after " + ID_ATTEMPTS + " attempts");
                }
                continue;
            }
            AccessKey key = store.create(id, sealer.seal(id, secret), name, description, caller, clock.instant());
            ObjectNode response = NODES.objectNode();
            ObjectNode shown = response.putObject("accessKey");
            shown.setAll(describe(key));
            shown.put("secretAccessKey", secret);
            return response;
        }
    }

    ObjectNode list(JsonNode body, String caller) {
        ObjectNode response = NODES.objectNode();
        ArrayNode keys = response.putArray("accessKeys");
        for (String id : ring.bootstrapIds().stream().sorted().toList()) {
            keys.addObject().put("accessKeyId", id).put("name", BOOTSTRAP_NAME).put("status", "ACTIVE")
                    .put("source", "CREDENTIALS_FILE");
        }
        for (AccessKey key : store.list()) {
            keys.add(describe(key));
        }
        return response;
    }

    ObjectNode revoke(JsonNode body, String caller) {
        JsonInput request = JsonInput.root(body);
        Violations violations = new Violations();
        String id = request.string("accessKeyId");
        if (violations.required("accessKeyId", id)) {
            violations.string("accessKeyId", id, 16, 32, ACCESS_KEY_ID);
        }
        violations.throwIfAny();
        if (ring.bootstrapIds().contains(id)) {
            throw ApiException.validation("Access key " + id + " is a bootstrap key from the server's credentials"
                    + " file and cannot be revoked through the API; remove it from that file and restart the server.");
        }
        if (id.equals(caller)) {
            throw ApiException.validation("Access key " + id + " signed this request and would lock its user out;"
                    + " sign the revoke with another key.");
        }
        AccessKey key = store.revoke(id, clock.instant()).orElseThrow(() -> new ApiException(
                ErrorType.RESOURCE_NOT_FOUND, "Access key " + id + " does not exist (ListAccessKeys shows the keys)."));
        ObjectNode response = NODES.objectNode();
        response.set("accessKey", describe(key));
        return response;
    }

    private static ObjectNode describe(AccessKey key) {
        ObjectNode node = NODES.objectNode();
        node.put("accessKeyId", key.accessKeyId());
        if (key.name() != null) {
            node.put("name", key.name());
        }
        if (key.description() != null) {
            node.put("description", key.description());
        }
        node.put("status", key.status().name());
        node.put("source", "DATABASE");
        node.set("createdAt", TunnelJson.timestamp(key.createdAt()));
        node.put("createdBy", key.createdBy());
        if (key.revokedAt() != null) {
            node.set("revokedAt", TunnelJson.timestamp(key.revokedAt()));
        }
        if (key.lastUsedAt() != null) {
            node.set("lastUsedAt", TunnelJson.timestamp(key.lastUsedAt()));
        }
        return node;
    }
}
