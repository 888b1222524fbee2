package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.DeviceCertificate;
import dev.underpass.server.store.Thing;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/** Writes things and certificates in AWS IoT's response shapes; timestamps as epoch seconds. */
final class ThingJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ThingJson() {
    }

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /** DescribeThing's response. */
    static ObjectNode describe(Thing thing) {
        ObjectNode node = NODES.objectNode();
        node.put("defaultClientId", thing.thingName());
        node.put("thingName", thing.thingName());
        node.put("thingId", thing.thingId());
        node.put("thingArn", thing.thingArn());
        node.set("attributes", attributes(thing.attributes()));
        node.put("version", thing.version());
        return node;
    }

    /** A {@code ThingAttribute} of ListThings. */
    static ObjectNode summary(Thing thing) {
        ObjectNode node = NODES.objectNode();
        node.put("thingName", thing.thingName());
        node.put("thingArn", thing.thingArn());
        node.set("attributes", attributes(thing.attributes()));
        node.put("version", thing.version());
        return node;
    }

    /** A {@code Certificate} of ListCertificates. */
    static ObjectNode certificateSummary(DeviceCertificate certificate) {
        ObjectNode node = NODES.objectNode();
        node.put("certificateArn", certificate.certificateArn());
        node.put("certificateId", certificate.certificateId());
        node.put("status", certificate.status().name());
        node.put("certificateMode", "DEFAULT");
        node.set("creationDate", timestamp(certificate.createdAt()));
        return node;
    }

    static DecimalNode timestamp(Instant instant) {
        return new DecimalNode(BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(instant.getNano(), 9)).stripTrailingZeros());
    }

    private static ObjectNode attributes(Map<String, String> attributes) {
        ObjectNode node = NODES.objectNode();
        attributes.forEach(node::put);
        return node;
    }
}
