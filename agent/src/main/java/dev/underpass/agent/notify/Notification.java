package dev.underpass.agent.notify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A valid tunnel notification (SPEC §5): the destination's access token, the services the tunnel carries and the
 * server's region. The token is a secret: {@link #toString()} masks it, and logs name a notification by its
 * {@link #fingerprint()} only.
 *
 * @param accessToken the destination access token (secret)
 * @param region      the region the server runs in, or null when the payload names none
 * @param services    the tunnel's service ids, at least one, no duplicates
 */
public record Notification(String accessToken, String region, List<String> services) {
    private static final int FINGERPRINT_BYTES = 4;

    public Notification {
        services = List.copyOf(services);
    }

    /** SHA-256 of the token: what duplicate detection keeps instead of the token itself. */
    public byte[] tokenHash() {
        return sha256(accessToken);
    }

    /** The first 8 hex digits of {@link #tokenHash()}: names the notification in logs without revealing the token. */
    public String fingerprint() {
        return HexFormat.of().formatHex(tokenHash(), 0, FINGERPRINT_BYTES);
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "Notification[accessToken=****, fingerprint=" + fingerprint() + ", region=" + region + ", services="
                + services + "]";
    }
}
