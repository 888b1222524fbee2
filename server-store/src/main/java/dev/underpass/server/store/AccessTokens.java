package dev.underpass.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes and checks secrets: tunnel access tokens are random, URL-safe and stored only as SHA-256 hashes; client
 * tokens are hashed the same way before they reach the store.
 */
public final class AccessTokens {

    /** Random bytes in a new access token: 384 bits, well above the 256 the spec asks for. */
    public static final int TOKEN_BYTES = 48;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HASH_FORM = Pattern.compile("[0-9a-f]{64}");

    private AccessTokens() {
    }

    /** A new access token: {@value #TOKEN_BYTES} random bytes, base64url without padding (64 characters). */
    public static String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    /** The SHA-256 of the UTF-8 bytes of {@code secret}, as 64 lower-case hex digits. */
    public static String hash(String secret) {
        Objects.requireNonNull(secret, "secret");
        return HEX.formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code secret} hashes to {@code hash}, compared in time independent of where they differ. */
    public static boolean matches(String secret, String hash) {
        if (secret == null || hash == null) {
            return false;
        }
        return hashesEqual(hash(secret), hash);
    }

    /** Whether {@code value} has the form of {@link #hash}'s output: 64 lower-case hex digits. */
    public static boolean isHash(String value) {
        return value != null && HASH_FORM.matcher(value).matches();
    }

    /**
     * Returns {@code value} if it has the form of a hash, else throws without quoting it: a caller that passes a
     * token where its hash belongs must not get the token stored, nor printed.
     */
    static String requireHash(String value, String name) {
        if (!isHash(value)) {
            throw new IllegalArgumentException(name + " must be a hash made by AccessTokens.hash (64 lower-case hex"
                    + " digits), never a token itself");
        }
        return value;
    }

    /** Compares two hashes in constant time; {@code null} equals nothing. */
    static boolean hashesEqual(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
