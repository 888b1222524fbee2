package dev.underpass.localproxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP proxy reached with {@code CONNECT}, as given by {@code HTTPS_PROXY}. The password never reaches
 * {@link #toString()}.
 *
 * @param address  host and port of the proxy
 * @param tls      whether the proxy itself is reached over TLS ({@code https://} proxy URL)
 * @param username user for {@code Proxy-Authorization: Basic}, or null
 * @param password password, or null
 */
public record HttpsProxy(HostPort address, boolean tls, String username, String password) {
    /** The port of a proxy URL without one, as in AWS's localproxy. */
    public static final int DEFAULT_PORT = 3128;

    public HttpsProxy {
        if (address == null || address.port() == 0) {
            throw new IllegalArgumentException("the proxy needs a host and a non-zero port");
        }
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("the proxy needs both a user and a password, or neither");
        }
    }

    /**
     * Parses {@code http://[user:pass@]host[:port]}, {@code https://…} or a bare {@code host[:port]}. Errors never
     * repeat the value, which may hold a password.
     */
    public static HttpsProxy parse(String value) {
        String v = value == null ? "" : value.trim();
        if (!v.contains("://")) {
            v = "http://" + v;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid proxy URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("proxy scheme '" + scheme + "' is not http:// or https://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the proxy URL has no host");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        String user = null;
        String pass = null;
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            pass = colon < 0 ? "" : decode(info.substring(colon + 1));
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : DEFAULT_PORT;
        return new HttpsProxy(new HostPort(host, port), scheme.equals("https"), user, pass);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return (tls ? "https://" : "http://") + (username != null ? username + ":****@" : "") + address;
    }
}
