package dev.underpass.server.api.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-encoding as SigV4 canonicalises it (RFC 3986): every UTF-8 byte except {@code A-Z a-z 0-9 - _ . ~} as
 * {@code %XY} with upper-case hex, and strict percent-decoding ({@code +} stays {@code +}). Shared with the REST
 * routes so that paths and queries are read exactly as they were signed.
 */
public final class AwsUriEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AwsUriEncoding() {
    }

    /** Encodes {@code value}; with {@code keepSlashes}, {@code /} is left as it is (for paths). */
    public static String encode(String value, boolean keepSlashes) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (isUnreserved(c) || (keepSlashes && c == '/')) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return out.toString();
    }

    /** Decodes {@code %XY} escapes; a malformed escape throws {@link IllegalArgumentException}. */
    public static String decode(String value) {
        if (value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        int i = 0;
        while (i < value.length()) {
            if (value.charAt(i) == '%') {
                int high = i + 2 < value.length() ? Character.digit(value.charAt(i + 1), 16) : -1;
                int low = i + 2 < value.length() ? Character.digit(value.charAt(i + 2), 16) : -1;
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("malformed percent-escape at index " + i);
                }
                bytes.write(high << 4 | low);
                i += 3;
            } else {
                int codePoint = value.codePointAt(i);
                byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }
}
