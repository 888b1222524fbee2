package dev.underpass.server.api.keys;

import java.security.SecureRandom;

/**
 * New access key pairs in AWS's shape: a 20-character id ({@code AKUP} and 16 base32 characters, like AWS's
 * {@code AKIA...}) and a 40-character secret of 240 random bits.
 */
public final class AccessKeyGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ID_PREFIX = "AKUP";
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private static final String SECRET_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private AccessKeyGenerator() {
    }

    public static String newAccessKeyId() {
        return ID_PREFIX + random(ID_ALPHABET, 16);
    }

    public static String newSecret() {
        return random(SECRET_ALPHABET, 40);
    }

    private static String random(String alphabet, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
