package dev.underpass.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;

/**
 * Turns an AWS SDK model object into JSON in the API's own shapes: member names as on the wire (the SDK's
 * marshalling names, e.g. {@code tunnelId}), enums as their wire strings, absent members and lists the service did
 * not send left out, and timestamps as epoch seconds (a JSON number with the fraction, e.g.
 * {@code 1718000000.123}) — what the API sends and what the AWS CLI prints with
 * {@code cli_timestamp_format = wire}. Printed as the AWS CLI prints: 4-space indentation, {@code "key": value}.
 */
public final class ModelJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectWriter WRITER = JsonMapper.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build()
            .writer(awsCliPrinter());

    private ModelJson() {
    }

    /** The model as a JSON object. */
    public static ObjectNode toJson(SdkPojo model) {
        ObjectNode node = NODES.objectNode();
        for (SdkField<?> field : model.sdkFields()) {
            JsonNode value = value(field.getValueOrDefault(model));
            if (value != null) {
                node.set(field.locationName(), value);
            }
        }
        return node;
    }

    /** Pretty-prints as the AWS CLI does, without a trailing newline. */
    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e); // a tree of plain nodes always writes
        }
    }

    /** Epoch seconds, with the fraction when there is one. */
    public static BigDecimal epochSeconds(Instant instant) {
        BigDecimal seconds = BigDecimal.valueOf(instant.getEpochSecond());
        return instant.getNano() == 0 ? seconds
                : seconds.add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros();
    }

    private static JsonNode value(Object value) {
        if (value == null || value instanceof SdkAutoConstructList || value instanceof SdkAutoConstructMap) {
            return null;
        }
        if (value instanceof SdkPojo pojo) {
            return toJson(pojo);
        }
        if (value instanceof String s) {
            return NODES.textNode(s);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Float f) {
            return NODES.numberNode(f);
        }
        if (value instanceof BigDecimal d) {
            return NODES.numberNode(d);
        }
        if (value instanceof Instant instant) {
            return NODES.numberNode(epochSeconds(instant));
        }
        if (value instanceof SdkBytes bytes) {
            return NODES.textNode(Base64.getEncoder().encodeToString(bytes.asByteArray()));
        }
        if (value instanceof Collection<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(value(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), value(v)));
            return object;
        }
        return NODES.textNode(value.toString());
    }

    private static DefaultPrettyPrinter awsCliPrinter() {
        DefaultIndenter indenter = new DefaultIndenter("    ", "\n");
        return new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""))
                .withObjectIndenter(indenter)
                .withArrayIndenter(indenter);
    }
}
