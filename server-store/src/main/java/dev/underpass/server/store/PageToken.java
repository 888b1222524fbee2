package dev.underpass.server.store;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Base64;

/**
 * The position after the last tunnel of a page, in the list's order (createdAt descending, then id descending), and
 * its opaque text form: base64url of {@code v1|<epoch seconds>|<nanos>|<tunnel id>}.
 *
 * @param createdAt the last tunnel's creation time
 * @param tunnelId  the last tunnel's id
 */
record PageToken(Instant createdAt, String tunnelId) {

    private static final String VERSION = "v1";
    private static final int SHOWN_CHARS = 40;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    static PageToken after(Tunnel last) {
        return new PageToken(last.createdAt(), last.tunnelId());
    }

    String encode() {
        String plain = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + tunnelId;
        return ENCODER.encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a token made by {@link #encode()}; anything else throws {@link InvalidNextTokenException}. */
    static PageToken decode(String token) {
        try {
            String plain = new String(DECODER.decode(token), StandardCharsets.UTF_8);
            String[] parts = plain.split("\\|", 4);
            if (parts.length == 4 && parts[0].equals(VERSION) && !parts[3].isEmpty()) {
                return new PageToken(Instant.ofEpochSecond(Long.parseLong(parts[1]), Integer.parseInt(parts[2])),
                        parts[3]);
            }
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            // falls through to the same answer as any other malformed token
        }
        throw new InvalidNextTokenException("invalid nextToken '" + shown(token)
                + "': pass the nextToken of the previous page unchanged, or none for the first page");
    }

    private static String shown(String token) {
        return token.length() <= SHOWN_CHARS ? token : token.substring(0, SHOWN_CHARS) + "...";
    }
}
