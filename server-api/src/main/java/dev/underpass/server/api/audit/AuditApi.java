package dev.underpass.server.api.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.JsonInput;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.OperationHandler;
import dev.underpass.server.api.TunnelJson;
import dev.underpass.server.api.Violations;
import dev.underpass.server.store.AuditEvent;
import dev.underpass.server.store.AuditStore;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ListTunnelAudit: a tunnel's audit trail, oldest first, in pages ({@code maxResults} 1-1000, default 100, and an
 * opaque {@code nextToken}). A tunnel that is unknown or purged has the trail that was written for it, possibly
 * none: the trail outlives tunnels, so this never answers "not found". Entries written in the last moments may
 * still be on their way to the database (the audit writer works in batches).
 */
public final class AuditApi implements OperationHandler {
    static final int DEFAULT_RESULTS = 100;
    static final int MAX_RESULTS = 1000;
    private static final Pattern TUNNEL_ID = Pattern.compile("[a-zA-Z0-9_\\-+=:]{1,128}");
    private static final Pattern NEXT_TOKEN = Pattern.compile("[0-9]{1,19}");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final AuditStore store;

    public AuditApi(AuditStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** The operation, to plug into {@link dev.underpass.server.api.ControlApi}. */
    public Map<Operation, OperationHandler> handlers() {
        return Map.of(Operation.LIST_TUNNEL_AUDIT, this);
    }

    @Override
    public ObjectNode invoke(Operation operation, JsonNode body, String caller) {
        JsonInput request = JsonInput.root(body);
        Violations violations = new Violations();
        String tunnelId = request.string("tunnelId");
        if (violations.required("tunnelId", tunnelId)) {
            violations.string("tunnelId", tunnelId, 1, Integer.MAX_VALUE, TUNNEL_ID);
        }
        Long maxResults = request.integer("maxResults");
        violations.range("maxResults", maxResults, 1, MAX_RESULTS);
        String nextToken = request.string("nextToken");
        violations.string("nextToken", nextToken, 1, 19, NEXT_TOKEN);
        violations.throwIfAny();

        int limit = maxResults == null ? DEFAULT_RESULTS : maxResults.intValue();
        long after = nextToken == null ? 0 : Long.parseLong(nextToken);
        List<AuditEvent> found = store.forTunnel(tunnelId, after, limit + 1);
        List<AuditEvent> page = found.size() > limit ? found.subList(0, limit) : found;
        ObjectNode response = NODES.objectNode();
        ArrayNode events = response.putArray("events");
        page.forEach(event -> events.add(json(event)));
        if (found.size() > limit) {
            response.put("nextToken", Long.toString(page.get(limit - 1).seq()));
        }
        return response;
    }

    static ObjectNode json(AuditEvent e) {
        ObjectNode node = NODES.objectNode();
        node.set("at", TunnelJson.timestamp(e.occurredAt()));
        node.put("kind", e.kind().name());
        node.put("action", e.action());
        node.put("outcome", e.outcome());
        if (e.httpStatus() != null) {
            node.put("httpStatus", e.httpStatus());
        }
        putIfPresent(node, "accessKeyId", e.accessKeyId());
        putIfPresent(node, "keyName", e.keyName());
        putIfPresent(node, "tunnelId", e.tunnelId());
        putIfPresent(node, "thingName", e.thingName());
        putIfPresent(node, "side", e.side());
        putIfPresent(node, "remoteAddress", e.remoteAddress());
        putIfPresent(node, "requestId", e.requestId());
        if (e.bytesSourceToDestination() != null) {
            node.put("bytesSourceToDestination", e.bytesSourceToDestination());
        }
        if (e.bytesDestinationToSource() != null) {
            node.put("bytesDestinationToSource", e.bytesDestinationToSource());
        }
        putIfPresent(node, "detail", e.detail());
        return node;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
