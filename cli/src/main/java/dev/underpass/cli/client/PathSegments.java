package dev.underpass.cli.client;

import java.nio.charset.StandardCharsets;

/** Percent-encodes a value for one path segment or query value: everything but RFC 3986's unreserved characters. */
public final class PathSegments {
    private PathSegments() {
    }

    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
