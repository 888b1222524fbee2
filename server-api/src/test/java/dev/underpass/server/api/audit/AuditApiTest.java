package dev.underpass.server.api.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.Operation;
import dev.underpass.server.store.AuditEvent;
import dev.underpass.server.store.AuditKind;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.JdbcAuditStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.store.StoreSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ListTunnelAudit on a real H2 store: pages in order, validation of its members. */
class AuditApiTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dataDir;

    private JdbcTunnelStore tunnels;
    private AuditApi api;

    @BeforeEach
    void open() {
        tunnels = Database.open(StoreSettings.h2File(dataDir));
        JdbcAuditStore store = new JdbcAuditStore(tunnels.dataSource());
        List<AuditEvent> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(new AuditEvent(null, T0.plusSeconds(i), AuditKind.TUNNEL_EVENT, "SIDE_CONNECTED", "ok", null,
                    null, null, "t-1", null, "SOURCE", "10.0.0.1:" + i, null, null, null, null));
        }
        store.append(events);
        api = new AuditApi(store);
    }

    @AfterEach
    void close() {
        tunnels.close();
    }

    private static ObjectNode request(String tunnelId) {
        return JsonNodeFactory.instance.objectNode().put("tunnelId", tunnelId);
    }

    @Test
    void theTrailComesInPagesOldestFirst() {
        JsonNode first = api.invoke(Operation.LIST_TUNNEL_AUDIT, request("t-1").put("maxResults", 2), null);
        JsonNode rest = api.invoke(Operation.LIST_TUNNEL_AUDIT, request("t-1").put("maxResults", 2)
                .put("nextToken", first.get("nextToken").asText()), null);

        assertThat(first.get("events")).extracting(e -> e.get("remoteAddress").asText())
                .containsExactly("10.0.0.1:0", "10.0.0.1:1");
        assertThat(first.get("events").get(0).get("at").decimalValue().longValue()).isEqualTo(T0.getEpochSecond());
        assertThat(rest.get("events")).hasSize(1);
        assertThat(rest.has("nextToken")).isFalse();
        assertThat(api.invoke(Operation.LIST_TUNNEL_AUDIT, request("t-unknown"), null).get("events")).isEmpty();
    }

    @Test
    void badMembersAreValidationErrorsNamingThem() {
        assertThatThrownBy(() -> api.invoke(Operation.LIST_TUNNEL_AUDIT, JsonNodeFactory.instance.objectNode(), null))
                .isInstanceOf(ApiException.class).hasMessageContaining("'tunnelId'");
        assertThatThrownBy(() -> api.invoke(Operation.LIST_TUNNEL_AUDIT, request("t-1").put("maxResults", 0), null))
                .hasMessageContaining("'maxResults'");
        assertThatThrownBy(() -> api.invoke(Operation.LIST_TUNNEL_AUDIT, request("t-1").put("nextToken", "abc"), null))
                .hasMessageContaining("'nextToken'");
    }
}
