package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads and checks the members of a registry request. Path and query members arrive as strings; every violation is
 * an {@code InvalidRequestException} (AWS IoT's name) that names the member and the bad value.
 */
final class ThingInput {
    static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    static final Pattern CERTIFICATE_ID = Pattern.compile("[a-fA-F0-9]{64}");
    static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-zA-Z0-9_.,@/:#-]{1,128}");
    static final Pattern ATTRIBUTE_VALUE = Pattern.compile("[a-zA-Z0-9_.,@/:#=\\[\\]-]{0,800}");
    static final Pattern NEXT_TOKEN = Pattern.compile("[a-zA-Z0-9_=-]{1,4096}");
    static final int MAX_ATTRIBUTES = 50;
    private static final int SHOWN_CHARS = 128;

    private final JsonNode node;

    ThingInput(JsonNode node) {
        this.node = node == null ? JsonNodeFactory.instance.objectNode() : node;
    }

    /** A string member, or null when absent; checked against {@code pattern} when present. */
    String string(String member, Pattern pattern) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("'" + member + "' must be a string, not " + shown(value.toString()) + ".");
        }
        String text = value.textValue();
        if (pattern != null && !pattern.matcher(text).matches()) {
            throw invalid("'" + member + "' is '" + shown(text) + "', which does not match " + pattern.pattern()
                    + ".");
        }
        return text;
    }

    String required(String member, Pattern pattern) {
        String value = string(member, pattern);
        if (value == null) {
            throw invalid("'" + member + "' is required.");
        }
        return value;
    }

    String thingName() {
        return required("thingName", THING_NAME);
    }

    String certificateId() {
        return required("certificateId", CERTIFICATE_ID).toLowerCase(Locale.ROOT);
    }

    /** A whole number member within {@code [min, max]}, given as a number or a decimal string; null when absent. */
    Integer integer(String member, int min, int max) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return null;
        }
        long number;
        try {
            number = value.isIntegralNumber() ? value.longValue() : Long.parseLong(value.asText().strip());
        } catch (NumberFormatException e) {
            throw invalid("'" + member + "' must be a whole number from " + min + " to " + max + ", not '"
                    + shown(value.asText()) + "'.");
        }
        if (number < min || number > max) {
            throw invalid("'" + member + "' is " + number + "; it must be from " + min + " to " + max + ".");
        }
        return (int) number;
    }

    /** A boolean member, given as a boolean or as {@code true}/{@code false}; {@code otherwise} when absent. */
    boolean bool(String member, boolean otherwise) {
        JsonNode value = node.get(member);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        String text = value.asText().toLowerCase(Locale.ROOT);
        if (!text.equals("true") && !text.equals("false")) {
            throw invalid("'" + member + "' must be true or false, not '" + shown(value.asText()) + "'.");
        }
        return Boolean.parseBoolean(text);
    }

    /** {@code attributePayload.attributes} of CreateThing: names and values checked, at most 50. */
    Map<String, String> attributes() {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode payload = node.get("attributePayload");
        if (payload == null || payload.isNull()) {
            return attributes;
        }
        JsonNode map = payload.get("attributes");
        if (map == null || map.isNull()) {
            return attributes;
        }
        if (!map.isObject()) {
            throw invalid("'attributePayload.attributes' must be an object of attribute names to values.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (!ATTRIBUTE_NAME.matcher(name).matches()) {
                throw invalid("Attribute name '" + shown(name) + "' does not match " + ATTRIBUTE_NAME.pattern() + ".");
            }
            JsonNode value = entry.getValue();
            if (!value.isTextual() || !ATTRIBUTE_VALUE.matcher(value.textValue()).matches()) {
                throw invalid("The value " + shown(value.toString()) + " of attribute '" + name
                        + "' must be a string matching " + ATTRIBUTE_VALUE.pattern() + ".");
            }
            attributes.put(name, value.textValue());
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw invalid("A thing has at most " + MAX_ATTRIBUTES + " attributes; " + attributes.size()
                    + " were given.");
        }
        return attributes;
    }

    /** Fails when a member this server does not implement is given, rather than silently ignoring it. */
    void unsupported(String member, String why) {
        JsonNode value = node.get(member);
        if (value != null && !value.isNull()) {
            throw invalid("'" + member + "' is not supported: " + why + ".");
        }
    }

    static ApiException invalid(String message) {
        return new ApiException(ErrorType.INVALID_REQUEST, message);
    }

    private static String shown(String text) {
        return text.length() <= SHOWN_CHARS ? text : text.substring(0, SHOWN_CHARS) + "...";
    }
}
