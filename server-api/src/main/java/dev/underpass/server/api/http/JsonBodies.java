package dev.underpass.server.api.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import java.io.IOException;

/** Reads request bodies and writes response bodies as JSON. */
final class JsonBodies {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonBodies() {
    }

    /** The body as a JSON tree; an empty body is a missing node (read as {@code {}}). */
    static JsonNode parse(byte[] body) {
        if (isBlank(body)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null ? MissingNode.getInstance() : node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw ApiException.serialization("The request body is not valid JSON: " + e.getOriginalMessage() + where);
        } catch (IOException e) {
            throw ApiException.serialization("The request body could not be read as JSON.");
        }
    }

    /** The body as a JSON object to add members to; an empty body gives {@code {}}. */
    static ObjectNode parseObject(byte[] body) {
        JsonNode node = parse(body);
        if (node.isMissingNode()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            throw ApiException.serialization("The request body must be a JSON object.");
        }
        return (ObjectNode) node;
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] write(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** {@code {"__type": "<name>", "message": "..."}}, the error body of AWS JSON services. */
    static byte[] error(ErrorType type, String message) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("__type", type.awsName());
        node.put("message", message);
        return write(node);
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
