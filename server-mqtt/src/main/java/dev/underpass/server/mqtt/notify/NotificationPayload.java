package dev.underpass.server.mqtt.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The notify payload of SPEC §5, fields in AWS's order:
 * {@code {"clientAccessToken": …, "clientMode": "destination", "region": …, "services": […]}}.
 */
public final class NotificationPayload {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotificationPayload() {
    }

    /** UTF-8 JSON; it holds the token, so it must never be logged. */
    public static byte[] destination(String accessToken, String region, List<String> services) {
        ObjectNode node = JSON.createObjectNode();
        node.put("clientAccessToken", accessToken);
        node.put("clientMode", "destination");
        node.put("region", region);
        services.forEach(node.putArray("services")::add);
        try {
            return JSON.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification", e);
        }
    }
}
