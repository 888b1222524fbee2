package dev.underpass.localproxy;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where the tunneling data plane listens: {@code wss://host:port} (or {@code ws://} without TLS). Parsed from AWS's
 * {@code -e host[:port]} form, from a full {@code wss://}/{@code ws://} URL, or built from {@code -r region}.
 *
 * @param address host and port of the server
 * @param tls     whether to speak TLS ({@code wss})
 */
public record ProxyEndpoint(HostPort address, boolean tls) {
    /** The port of {@code -e host} without a port, as in AWS's localproxy. */
    public static final int DEFAULT_PORT = 443;
    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");

    public ProxyEndpoint {
        if (address == null) {
            throw new IllegalArgumentException("no address");
        }
        if (address.port() == 0) {
            throw new IllegalArgumentException("port 0 is not a server port");
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, {@code wss://host[:port][/tunnel]} or {@code ws://host[:port]}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static ProxyEndpoint parse(String value) {
        String v = value == null ? "" : value.trim();
        int scheme = v.indexOf("://");
        if (scheme < 0) {
            return new ProxyEndpoint(HostPort.parse(v, DEFAULT_PORT), true);
        }
        String name = v.substring(0, scheme).toLowerCase(Locale.ROOT);
        boolean tls = switch (name) {
            case "wss", "https" -> true;
            case "ws", "http" -> false;
            default -> throw new IllegalArgumentException(
                    "'" + v + "': scheme '" + name + "' is not wss://, ws://, https:// or http://");
        };
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + v + "' is not a valid URL: " + e.getReason());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                || !(path.isEmpty() || path.equals("/") || path.equals(Handshake.PATH))) {
            throw new IllegalArgumentException("'" + v + "' must be " + name + "://host[:port] without user, path "
                    + "or query");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        int port = uri.getPort() >= 0 ? uri.getPort() : (tls ? 443 : 80);
        return new ProxyEndpoint(new HostPort(host, port), tls);
    }

    /** AWS's regional endpoint {@code data.tunneling.iot.<region>.amazonaws.com:443}. */
    public static ProxyEndpoint forRegion(String region) {
        String r = region == null ? "" : region.trim();
        if (!REGION.matcher(r).matches()) {
            throw new IllegalArgumentException("'" + r + "' is not a region name such as us-east-1");
        }
        return new ProxyEndpoint(new HostPort("data.tunneling.iot." + r + ".amazonaws.com", DEFAULT_PORT), true);
    }

    /** The URI of the WebSocket upgrade for one side of the tunnel. */
    public URI tunnelUri(Mode mode) {
        return URI.create((tls ? "wss://" : "ws://") + address + Handshake.PATH + "?" + Handshake.MODE_PARAMETER
                + "=" + mode.wireName());
    }

    @Override
    public String toString() {
        return (tls ? "wss://" : "ws://") + address;
    }
}
