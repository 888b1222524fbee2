package dev.underpass.localproxy.bridge;

import dev.underpass.localproxy.ServiceMappings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Matches the locally configured mappings against the tunnel's SERVICE_IDS, as AWS's localproxy does: named
 * mappings must name services of the tunnel; one unnamed mapping serves a tunnel with at most one service.
 *
 * @param serviceId the tunnel's service id, empty when the tunnel has none
 * @param value     the configured value (port or address)
 * @param <T>       the kind of value
 */
public record ServiceMatch<T>(String serviceId, T value) {

    /**
     * Matches {@code configured} to {@code tunnelServices}.
     *
     * @param unmapped the value for a tunnel service without mapping, or null to refuse such a service
     * @throws ServiceMismatchException listing every problem
     */
    public static <T> List<ServiceMatch<T>> match(Map<String, T> configured, List<String> tunnelServices,
            T unmapped) {
        List<ServiceMatch<T>> result = new ArrayList<>();
        if (tunnelServices.isEmpty()) {
            if (configured.size() > 1) {
                throw new ServiceMismatchException("the tunnel has no named services, so it can use only one "
                        + "mapping, but " + configured.size() + " are configured: " + configured.keySet());
            }
            T value = configured.isEmpty() ? unmapped : configured.values().iterator().next();
            if (value == null) {
                throw new ServiceMismatchException("no mapping is configured");
            }
            result.add(new ServiceMatch<>(ServiceMappings.UNNAMED, value));
            return result;
        }
        List<String> problems = new ArrayList<>();
        T unnamed = configured.get(ServiceMappings.UNNAMED);
        if (unnamed != null && tunnelServices.size() > 1) {
            problems.add("one unnamed mapping cannot serve the tunnel's " + tunnelServices.size() + " services "
                    + tunnelServices + "; name each, as " + String.join("=…,", tunnelServices) + "=…");
        }
        for (String id : configured.keySet()) {
            if (!id.isEmpty() && !tunnelServices.contains(id)) {
                problems.add("service " + id + " is configured but the tunnel carries only " + tunnelServices);
            }
        }
        for (String service : tunnelServices) {
            T value = configured.get(service);
            if (value == null && unnamed != null && tunnelServices.size() == 1) {
                value = unnamed;
            }
            if (value == null) {
                value = unmapped;
            }
            if (value == null) {
                problems.add("no mapping for the tunnel's service " + service);
            }
            result.add(new ServiceMatch<>(service, value));
        }
        if (!problems.isEmpty()) {
            throw new ServiceMismatchException(String.join("; ", problems));
        }
        return result;
    }
}
