package dev.underpass.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed, null-tolerant reads of one JSON object of a request. A member that is absent or JSON {@code null} reads as
 * {@code null}; a member of the wrong JSON type fails with {@code SerializationException} naming its path. Unknown
 * members are ignored, as AWS services do.
 */
public final class JsonInput {
    private final JsonNode node;
    private final String path;

    private JsonInput(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The request body as a whole; {@code null} or a missing node reads as an empty object. */
    public static JsonInput root(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            return new JsonInput(JsonNodeFactory.instance.objectNode(), "");
        }
        if (!body.isObject()) {
            throw ApiException.serialization("The request body must be a JSON object, not " + describe(body) + ".");
        }
        return new JsonInput(body, "");
    }

    /** The JSON object read. */
    JsonNode node() {
        return node;
    }

    /** The path of a member of this object, as AWS names it in messages ({@code destinationConfig.thingName}). */
    public String pathOf(String member) {
        return path.isEmpty() ? member : path + "." + member;
    }

    boolean has(String member) {
        JsonNode value = node.get(member);
        return value != null && !value.isNull();
    }

    /** A member as compact JSON text, for messages; {@code null} when absent. */
    String rawText(String member) {
        JsonNode value = present(member);
        return value == null ? null : value.toString();
    }

    public String string(String member) {
        JsonNode value = present(member);
        if (value == null) {
            return null;
        }
        expect(value, JsonNodeType.STRING, "a string", pathOf(member));
        return value.textValue();
    }

    /** An integer member; values beyond {@code long} or with a fraction are serialization errors. */
    public Long integer(String member) {
        JsonNode value = present(member);
        if (value == null) {
            return null;
        }
        if (!value.isNumber()) {
            throw mismatch("an integer", pathOf(member), value);
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw ApiException.serialization("Expected an integer at '" + pathOf(member) + "' but found "
                    + value.asText() + ".");
        }
        return value.longValue();
    }

    Boolean bool(String member) {
        JsonNode value = present(member);
        if (value == null) {
            return null;
        }
        expect(value, JsonNodeType.BOOLEAN, "a boolean", pathOf(member));
        return value.booleanValue();
    }

    JsonInput object(String member) {
        JsonNode value = present(member);
        if (value == null) {
            return null;
        }
        expect(value, JsonNodeType.OBJECT, "an object", pathOf(member));
        return new JsonInput(value, pathOf(member));
    }

    /** A list of objects; item {@code i} (0-based) has the AWS path {@code member.(i+1).member}. */
    List<JsonInput> objects(String member) {
        JsonNode array = array(member);
        if (array == null) {
            return null;
        }
        List<JsonInput> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            String itemPath = pathOf(member) + "." + (i + 1) + ".member";
            JsonNode item = array.get(i);
            if (item.isNull()) {
                items.add(null);
                continue;
            }
            expect(item, JsonNodeType.OBJECT, "an object", itemPath);
            items.add(new JsonInput(item, itemPath));
        }
        return items;
    }

    /** A list of strings; JSON {@code null} items read as {@code null}. */
    List<String> strings(String member) {
        JsonNode array = array(member);
        if (array == null) {
            return null;
        }
        List<String> items = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (item.isNull()) {
                items.add(null);
                continue;
            }
            expect(item, JsonNodeType.STRING, "a string", pathOf(member) + "." + (i + 1) + ".member");
            items.add(item.textValue());
        }
        return items;
    }

    private JsonNode array(String member) {
        JsonNode value = present(member);
        if (value == null) {
            return null;
        }
        expect(value, JsonNodeType.ARRAY, "a list", pathOf(member));
        return value;
    }

    private JsonNode present(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value;
    }

    private static void expect(JsonNode value, JsonNodeType type, String expected, String path) {
        if (value.getNodeType() != type) {
            throw mismatch(expected, path, value);
        }
    }

    private static ApiException mismatch(String expected, String path, JsonNode found) {
        return ApiException.serialization("Expected " + expected + " at '" + path + "' but found " + describe(found) + ".");
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case NUMBER -> "a number";
            default -> "null";
        };
    }
}
