package dev.underpass.server.api.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret access keys for the database and opens them again: AES-256-GCM with a random 96-bit nonce per secret
 * and the access key id as associated data, so a sealed secret copied to another key's row does not open. SigV4
 * needs the secret itself to check a signature, so a one-way hash cannot be stored; sealing means a copy of the
 * database alone reveals no secret. Text form: {@code v1.<base64url(nonce || ciphertext || tag)>}. Thread-safe.
 * Never puts a secret into an exception message or {@link #toString()}.
 */
public final class SecretSealer {
    /** Length of the sealing key in bytes (AES-256). */
    public static final int KEY_BYTES = 32;

    private static final String PREFIX = "v1.";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    /** @param key {@value #KEY_BYTES} random bytes, kept outside the database */
    public SecretSealer(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the sealing key must be " + KEY_BYTES + " bytes, not " + key.length);
        }
        this.key = new SecretKeySpec(Arrays.copyOf(key, KEY_BYTES), "AES");
    }

    /** A new random sealing key. */
    public static byte[] newKey() {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        return key;
    }

    public String seal(String accessKeyId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, accessKeyId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            ByteBuffer out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
            return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    /**
     * @throws IllegalStateException when the text was not sealed for this id with this key (a replaced key file, or a
     *                               tampered row): a server fault, not the caller's
     */
    public String open(String accessKeyId, String sealed) {
        byte[] bytes;
        try {
            if (!sealed.startsWith(PREFIX)) {
                throw new IllegalArgumentException("unknown format");
            }
            bytes = Base64.getUrlDecoder().decode(sealed.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the stored secret of access key " + accessKeyId + " is malformed");
        }
        if (bytes.length <= NONCE_BYTES) {
            throw new IllegalStateException("the stored secret of access key " + accessKeyId + " is malformed");
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), accessKeyId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the stored secret of access key " + accessKeyId + " does not open with"
                    + " this server's sealing key (was the data directory's access-keys.key replaced?)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every Java runtime", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, String accessKeyId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(accessKeyId.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    @Override
    public String toString() {
        return "SecretSealer[key=MASKED]";
    }
}
