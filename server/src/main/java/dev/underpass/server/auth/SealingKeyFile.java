package dev.underpass.server.auth;

import dev.underpass.server.api.keys.SecretSealer;
import dev.underpass.server.pki.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * The key that seals the secrets of API-created access keys in the database ({@link SecretSealer}): 32 random bytes,
 * base64, in a file of the data directory readable by its owner only, generated on first start. Kept out of the
 * database on purpose: a database dump alone then reveals no secret. Servers sharing one PostgreSQL database must
 * share this file too; losing it makes every API-created key unusable (the bootstrap keys keep working).
 */
public final class SealingKeyFile {
    private SealingKeyFile() {
    }

    /** Reads the key, creating the file with a new random key first when it does not exist. */
    public static byte[] loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            AtomicFiles.write(file, "# Underpass: seals the secrets of API-created access keys. Keep it private;"
                    + " servers sharing a database share this file.\n"
                    + Base64.getEncoder().encodeToString(SecretSealer.newKey()) + "\n", true);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
                String text = line.strip();
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                byte[] key = Base64.getDecoder().decode(text);
                if (key.length != SecretSealer.KEY_BYTES) {
                    break;
                }
                return key;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sealing key file " + file, e);
        } catch (IllegalArgumentException e) {
            // falls through to the same answer as a wrong length
        }
        throw new IllegalArgumentException(file + " must hold one line with " + SecretSealer.KEY_BYTES
                + " bytes in base64; restore it from a backup (without it, API-created access keys cannot be used)");
    }
}
