package dev.underpass.server.store;

import java.util.List;
import java.util.Objects;

/**
 * Where a tunnel leads: the thing whose agent is notified, and the services the destination exposes, in order.
 * The store keeps these values as given; the API validates their syntax.
 *
 * @param thingName the destination thing, or {@code null} when the tunnel is not bound to a thing
 * @param services  the service ids, in the order given; an unmodifiable copy, never {@code null}
 */
public record DestinationConfig(String thingName, List<String> services) {

    public DestinationConfig {
        services = List.copyOf(Objects.requireNonNull(services, "services"));
    }
}
