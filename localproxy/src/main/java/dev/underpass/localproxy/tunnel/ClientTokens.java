package dev.underpass.localproxy.tunnel;

import java.util.UUID;

/**
 * Client tokens for reconnecting with a single-use access token: a random UUID, which fits
 * {@code ^[a-zA-Z0-9-]{32,128}$} and is what AWS recommends.
 */
public final class ClientTokens {
    private ClientTokens() {
    }

    /** A new random client token (122 random bits from a {@link java.security.SecureRandom}). */
    public static String generate() {
        return UUID.randomUUID().toString();
    }
}
