package dev.underpass.server.relay;

import java.util.List;
import java.util.Objects;

/**
 * A successful admission: the tunnel a connection belongs to and its services, as sent in SERVICE_IDS and used to
 * check every message's serviceId. The list may be empty.
 */
public record Admission(String tunnelId, List<String> services) {
    public Admission {
        Objects.requireNonNull(tunnelId, "tunnelId");
        services = List.copyOf(services);
    }
}
