package dev.underpass.localproxy;

import java.util.Locale;

/**
 * A host name or IP literal with a port. IPv6 literals are kept without brackets and written with them.
 *
 * @param host name or IP literal, never blank
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank() || host.chars().anyMatch(c -> c <= ' ' || c == '/' || c == '@')) {
            throw new IllegalArgumentException("'" + host + "' is not a host name or IP address");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}; a bare IPv6 literal is taken
     * as a host without port.
     *
     * @param defaultPort the port when none is given
     * @throws IllegalArgumentException naming the bad value
     */
    public static HostPort parse(String value, int defaultPort) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("empty address");
        }
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + v + "' has an unclosed '['");
            }
            String host = v.substring(1, close);
            String rest = v.substring(close + 1);
            if (rest.isEmpty()) {
                return new HostPort(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("'" + v + "' is not [address]:port");
            }
            return new HostPort(host, parsePort(rest.substring(1), v));
        }
        int colon = v.lastIndexOf(':');
        if (colon < 0 || v.indexOf(':') != colon) {
            return new HostPort(v, defaultPort); // a name, an IPv4 address or a bare IPv6 literal
        }
        return new HostPort(v.substring(0, colon), parsePort(v.substring(colon + 1), v));
    }

    /** Parses a decimal port 0 to 65535; {@code context} names the whole value in the error. */
    public static int parsePort(String text, String context) {
        String t = text.trim();
        String in = context.trim().equals(t) ? "" : "'" + context.trim() + "': ";
        if (t.isEmpty() || t.length() > 5 || !t.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException(in + "'" + t + "' is not a port number");
        }
        int port = Integer.parseInt(t);
        if (port > 65_535) {
            throw new IllegalArgumentException(in + "port " + port + " is not between 0 and 65535");
        }
        return port;
    }

    /** The host as it goes into a URI or {@code Host} header: IPv6 literals in brackets. */
    public String uriHost() {
        return host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    /** The host in lower case, for comparisons such as NO_PROXY matching. */
    public String normalizedHost() {
        return host.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return uriHost() + ":" + port;
    }
}
