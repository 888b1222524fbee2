package dev.underpass.localproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses AWS's service mappings: {@code -s 5555} or {@code -s SSH1=5555,SSH2=5556} for a source, and
 * {@code -d 22}, {@code -d host:port} or {@code -d SSH1=127.0.0.1:22,SSH2=80} for a destination. An unnamed
 * mapping has the service id {@value #UNNAMED} (empty); it stands for the tunnel's single service.
 */
public final class ServiceMappings {
    /** The service id of a mapping given without a name. */
    public static final String UNNAMED = "";
    /** What a service id looks like (SPEC §2). */
    public static final Pattern SERVICE_ID = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    /** The host of a destination given as a bare port, as in AWS's localproxy. */
    public static final String DEFAULT_DESTINATION_HOST = "localhost";

    private ServiceMappings() {
    }

    /** Parses a source mapping; port 0 asks for an ephemeral port. */
    public static Map<String, Integer> parseListenPorts(String value) {
        return parse(value, part -> HostPort.parsePort(part, part));
    }

    /** Parses a destination mapping; a bare port means {@value #DEFAULT_DESTINATION_HOST}. */
    public static Map<String, HostPort> parseDestinations(String value) {
        return parse(value, ServiceMappings::parseDestination);
    }

    /** Parses one destination: {@code port}, {@code host:port} or {@code [v6]:port}. */
    public static HostPort parseDestination(String part) {
        String p = part.trim();
        HostPort hp = p.chars().allMatch(Character::isDigit) && !p.isEmpty()
                ? new HostPort(DEFAULT_DESTINATION_HOST, HostPort.parsePort(p, p))
                : HostPort.parse(p, 0);
        if (hp.port() <= 0) {
            throw new IllegalArgumentException("'" + part + "' needs a port between 1 and 65535");
        }
        return hp;
    }

    private static <T> Map<String, T> parse(String value, Function<String, T> parser) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty mapping");
        }
        if (!v.contains("=")) {
            return Map.of(UNNAMED, parser.apply(v));
        }
        Map<String, T> result = new LinkedHashMap<>();
        for (String entry : v.split(",", -1)) {
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("'" + entry.trim() + "' is not SERVICE=VALUE; give either one "
                        + "unnamed value or SERVICE=VALUE pairs separated by commas");
            }
            String id = entry.substring(0, eq).trim();
            checkServiceId(id);
            if (result.put(id, parser.apply(entry.substring(eq + 1))) != null) {
                throw new IllegalArgumentException("service '" + id + "' is mapped twice");
            }
        }
        return Collections.unmodifiableMap(result);
    }

    /** Checks a service id against {@link #SERVICE_ID}. */
    public static void checkServiceId(String id) {
        if (!SERVICE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("'" + id + "' is not a service id (1 to 128 characters of "
                    + "a-z, A-Z, 0-9, ':', '_' and '-')");
        }
    }
}
