package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.ConnectionState;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.Tunnel;
import dev.underpass.server.store.TunnelStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Writes tunnels in the response shapes of SPEC §2; null members are left out. */
public final class TunnelJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private TunnelJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * The {@code Tunnel} shape of DescribeTunnel. A tunnel past its lifetime shows as {@code CLOSED} even before the
     * expiry sweep marks it so, since it already admits no connection.
     */
    static ObjectNode tunnel(Tunnel t, Instant now) {
        ObjectNode node = NODES.objectNode();
        node.put("tunnelId", t.tunnelId());
        node.put("tunnelArn", t.tunnelArn());
        node.put("status", status(t, now).name());
        node.set("sourceConnectionState", connectionState(t.sourceConnectionState()));
        node.set("destinationConnectionState", connectionState(t.destinationConnectionState()));
        putIfPresent(node, "description", t.description());
        if (t.destinationConfig() != null) {
            node.set("destinationConfig", destinationConfig(t.destinationConfig()));
        }
        node.putObject("timeoutConfig").put("maxLifetimeTimeoutMinutes", t.maxLifetimeMinutes());
        if (!t.tags().isEmpty()) {
            node.set("tags", tags(t.tags()));
        }
        node.set("createdAt", timestamp(t.createdAt()));
        node.set("lastUpdatedAt", timestamp(t.lastUpdatedAt()));
        return node;
    }

    /** The {@code TunnelSummary} shape of ListTunnels. */
    static ObjectNode summary(Tunnel t, Instant now) {
        ObjectNode node = NODES.objectNode();
        node.put("tunnelId", t.tunnelId());
        node.put("tunnelArn", t.tunnelArn());
        node.put("status", status(t, now).name());
        putIfPresent(node, "description", t.description());
        node.set("createdAt", timestamp(t.createdAt()));
        node.set("lastUpdatedAt", timestamp(t.lastUpdatedAt()));
        return node;
    }

    /** {@code [{key, value}]} in the tunnel's tag order. */
    static ArrayNode tags(Map<String, String> tags) {
        ArrayNode list = NODES.arrayNode(tags.size());
        tags.forEach((key, value) -> list.addObject().put("key", key).put("value", value));
        return list;
    }

    /** Epoch seconds with millisecond fraction, written plainly (e.g. {@code 1700000000.123}), as AWS does. */
    public static DecimalNode timestamp(Instant instant) {
        // DecimalNode directly: the node factory would strip zeros and print 1.7E+9.
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    private static TunnelStatus status(Tunnel t, Instant now) {
        return t.isLiveAt(now) ? TunnelStatus.OPEN : TunnelStatus.CLOSED;
    }

    private static ObjectNode connectionState(ConnectionState state) {
        ObjectNode node = NODES.objectNode();
        node.put("status", state.status().name());
        node.set("lastUpdatedAt", timestamp(state.lastUpdatedAt()));
        return node;
    }

    private static ObjectNode destinationConfig(DestinationConfig config) {
        ObjectNode node = NODES.objectNode();
        putIfPresent(node, "thingName", config.thingName());
        ArrayNode services = node.putArray("services");
        config.services().forEach(services::add);
        return node;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }
}
