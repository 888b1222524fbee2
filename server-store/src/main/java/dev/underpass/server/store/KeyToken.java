package dev.underpass.server.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The opaque {@code nextToken} of a listing ordered by one unique text key: base64url of {@code k1|<last key>}.
 */
final class KeyToken {
    private static final String VERSION = "k1|";
    private static final int SHOWN_CHARS = 40;

    private KeyToken() {
    }

    static String after(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The key after which the next page starts; anything not made by {@link #after} is refused. */
    static String decode(String token) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (plain.startsWith(VERSION) && plain.length() > VERSION.length()) {
                return plain.substring(VERSION.length());
            }
        } catch (IllegalArgumentException e) {
            // same answer as any other malformed token
        }
        String shown = token.length() <= SHOWN_CHARS ? token : token.substring(0, SHOWN_CHARS) + "...";
        throw new InvalidNextTokenException("invalid nextToken '" + shown
                + "': pass the nextToken of the previous page unchanged, or none for the first page");
    }
}
