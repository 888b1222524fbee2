package dev.underpass.server.api.http;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Which tunnel and which thing an API call concerned, read from its request and response for the audit trail: the
 * {@code tunnelId} a request names or a response returns, the tunnel of a {@code resourceArn}, the {@code thingName}
 * of a request or of the tunnel's destination config. Lenient: a member of the wrong type is simply not read.
 */
final class AuditSubjects {
    private static final String ARN_TUNNEL = ":tunnel/";

    private AuditSubjects() {
    }

    static String tunnelId(JsonNode request, JsonNode response) {
        String id = text(response, "tunnelId");
        if (id == null) {
            id = text(request, "tunnelId");
        }
        if (id == null && response != null) {
            id = text(response.get("tunnel"), "tunnelId");
        }
        if (id == null) {
            String arn = text(request, "resourceArn");
            int at = arn == null ? -1 : arn.lastIndexOf(ARN_TUNNEL);
            id = at < 0 ? null : arn.substring(at + ARN_TUNNEL.length());
        }
        return id;
    }

    static String thingName(JsonNode request, JsonNode response) {
        String thing = text(request, "thingName");
        if (thing == null && request != null) {
            thing = text(request.get("destinationConfig"), "thingName");
        }
        if (thing == null && response != null) {
            JsonNode tunnel = response.get("tunnel");
            thing = tunnel == null ? null : text(tunnel.get("destinationConfig"), "thingName");
        }
        return thing;
    }

    private static String text(JsonNode node, String member) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode value = node.get(member);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
