package dev.underpass.agent.notify;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.underpass.localproxy.ServiceMappings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Validates the payload of {@code $aws/things/<thing>/tunnels/notify} (SPEC §5): a JSON object of at most
 * {@value #MAX_PAYLOAD_BYTES} bytes with a non-empty {@code clientAccessToken}, {@code clientMode} {@code destination},
 * a non-empty list of {@code services} and an optional {@code region}; other fields are ignored, as AWS may add some.
 * Reasons never quote the payload: it may hold a token, and JSON parser messages echo what they read.
 */
public final class NotificationParser {
    /** Far above a real notification (a few hundred bytes) and far below anything that could hurt the agent. */
    public static final int MAX_PAYLOAD_BYTES = 16 * 1024;
    /** AWS allows 3 services per tunnel, Underpass 10 by default; anything beyond this is not a real notification. */
    public static final int MAX_SERVICES = 32;
    public static final int MAX_TOKEN_LENGTH = 4096;
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private NotificationParser() {
    }

    /**
     * Parses and validates a payload.
     *
     * @throws InvalidNotificationException saying what is wrong, without quoting the token
     */
    public static Notification parse(byte[] payload) throws InvalidNotificationException {
        if (payload.length > MAX_PAYLOAD_BYTES) {
            throw new InvalidNotificationException("the payload of " + payload.length + " bytes is over the limit of "
                    + MAX_PAYLOAD_BYTES);
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidNotificationException("the payload is not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new InvalidNotificationException("the payload cannot be read as JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidNotificationException("the payload is not a JSON object");
        }
        String token = token(root.get("clientAccessToken"));
        mode(root.get("clientMode"));
        List<String> services = services(root.get("services"));
        return new Notification(token, region(root.get("region")), services);
    }

    private static String token(JsonNode node) throws InvalidNotificationException {
        if (node == null || node.isNull()) {
            throw new InvalidNotificationException("the payload has no clientAccessToken");
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            throw new InvalidNotificationException("clientAccessToken is not a non-empty string");
        }
        String token = node.asText();
        if (token.length() > MAX_TOKEN_LENGTH || !TOKEN.matcher(token).matches()) {
            throw new InvalidNotificationException("clientAccessToken is not a token (" + token.length()
                    + " characters; a token is printable ASCII without spaces, at most " + MAX_TOKEN_LENGTH + ")");
        }
        return token;
    }

    private static void mode(JsonNode node) throws InvalidNotificationException {
        if (node == null || !node.isTextual()) {
            throw new InvalidNotificationException("the payload has no clientMode; the agent accepts only "
                    + "\"destination\"");
        }
        if (!node.asText().equalsIgnoreCase("destination")) {
            throw new InvalidNotificationException("clientMode is '" + printable(node.asText())
                    + "'; the agent starts only destination proxies");
        }
    }

    private static List<String> services(JsonNode node) throws InvalidNotificationException {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new InvalidNotificationException("services is not a non-empty list of service names");
        }
        if (node.size() > MAX_SERVICES) {
            throw new InvalidNotificationException("services lists " + node.size() + " services; at most "
                    + MAX_SERVICES + " are accepted");
        }
        List<String> services = new ArrayList<>();
        for (JsonNode s : node) {
            String name = s.isTextual() ? s.asText() : "";
            if (!ServiceMappings.SERVICE_ID.matcher(name).matches()) {
                throw new InvalidNotificationException("services holds '" + printable(s.isTextual() ? name
                        : s.getNodeType().toString()) + "', which is not a service name");
            }
            if (services.contains(name)) {
                throw new InvalidNotificationException("services lists '" + name + "' twice");
            }
            services.add(name);
        }
        return services;
    }

    private static String region(JsonNode node) throws InvalidNotificationException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || !REGION.matcher(node.asText()).matches()) {
            throw new InvalidNotificationException("region is not a region name such as us-east-1");
        }
        return node.asText();
    }

    /** At most 64 characters of a value for a log line, control characters replaced. */
    private static String printable(String value) {
        String cut = value.length() > 64 ? value.substring(0, 64) + "…" : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
