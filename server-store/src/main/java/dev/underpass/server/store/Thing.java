package dev.underpass.server.store;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A registered thing (device).
 *
 * @param thingName  unique name, 1-128 of {@code [a-zA-Z0-9:_-]}
 * @param thingId    a UUID given at creation
 * @param thingArn   {@code arn:aws:iot:<region>:<account>:thing/<name>}
 * @param attributes attribute name to value, sorted by name; unmodifiable
 * @param version    AWS's thing version, 1 at creation
 * @param createdAt  when the thing was created
 */
public record Thing(String thingName, String thingId, String thingArn, Map<String, String> attributes, long version,
        Instant createdAt) {

    public Thing {
        Objects.requireNonNull(thingName, "thingName");
        Objects.requireNonNull(thingId, "thingId");
        Objects.requireNonNull(thingArn, "thingArn");
        attributes = Collections.unmodifiableSortedMap(new TreeMap<>(Objects.requireNonNull(attributes, "attributes")));
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
