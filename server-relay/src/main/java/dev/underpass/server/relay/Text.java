package dev.underpass.server.relay;

import java.nio.charset.StandardCharsets;

/** Makes client-supplied values and reasons safe to echo: printable ASCII, bounded length. */
final class Text {
    /** Largest close-frame reason: a control frame carries 125 bytes, two of them the status code. */
    static final int MAX_CLOSE_REASON_BYTES = 123;

    private Text() {
    }

    /** {@code 'value'} with anything but printable ASCII replaced by '?', cut to {@code max} characters. */
    static String quote(String value, int max) {
        StringBuilder out = new StringBuilder(Math.min(value.length(), max) + 3).append('\'');
        for (int i = 0; i < value.length() && i < max; i++) {
            char c = value.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (value.length() > max) {
            out.append("...");
        }
        return out.append('\'').toString();
    }

    /** The longest prefix of {@code reason} that fits a close frame, cut at a character boundary. */
    static String closeReason(String reason) {
        if (reason == null) {
            return "";
        }
        String oneLine = reason.replaceAll("[\\r\\n]+", " ");
        if (oneLine.getBytes(StandardCharsets.UTF_8).length <= MAX_CLOSE_REASON_BYTES) {
            return oneLine;
        }
        int bytes = 0;
        int end = 0;
        while (end < oneLine.length()) {
            int cp = oneLine.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MAX_CLOSE_REASON_BYTES) {
                break;
            }
            bytes += len;
            end += Character.charCount(cp);
        }
        return oneLine.substring(0, end);
    }
}
