package dev.underpass.server.auth;

import dev.underpass.server.api.keys.AccessKeyGenerator;
import dev.underpass.server.pki.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The server's access keys in the AWS shared-credentials file format, so that the AWS SDKs and CLI can use the
 * file directly ({@code AWS_SHARED_CREDENTIALS_FILE}). On first start with no file, an admin key pair is generated
 * into the {@code [default]} profile. Every profile's key pair is accepted by the server.
 */
public final class CredentialsFile {

    private CredentialsFile() {
    }

    /** Reads the file, creating it with a fresh admin key pair first when it does not exist. */
    public static Map<String, String> loadOrCreate(Path file) {
        if (!Files.exists(file)) {
            write(file, AccessKeyGenerator.newAccessKeyId(), AccessKeyGenerator.newSecret());
        }
        return read(file);
    }

    /** Access key id → secret for every profile in the file. */
    public static Map<String, String> read(Path file) {
        Map<String, String> keys = new LinkedHashMap<>();
        String keyId = null;
        String secret = null;
        String profile = null;
        try {
            int lineNumber = 0;
            for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                lineNumber++;
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                    continue;
                }
                if (line.startsWith("[") && line.endsWith("]")) {
                    addPair(keys, profile, keyId, secret, file);
                    profile = line.substring(1, line.length() - 1).strip();
                    keyId = null;
                    secret = null;
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0 || profile == null) {
                    throw new IllegalArgumentException(file + " line " + lineNumber
                            + ": expected '[profile]' or 'key = value'");
                }
                String name = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (name.equals("aws_access_key_id")) {
                    keyId = value;
                } else if (name.equals("aws_secret_access_key")) {
                    secret = value;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read credentials file " + file, e);
        }
        addPair(keys, profile, keyId, secret, file);
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no access key (aws_access_key_id and "
                    + "aws_secret_access_key in a [profile])");
        }
        return keys;
    }

    private static void addPair(Map<String, String> keys, String profile, String keyId, String secret, Path file) {
        if (profile == null || (keyId == null && secret == null)) {
            return;
        }
        if (keyId == null || secret == null) {
            throw new IllegalArgumentException(file + " profile [" + profile + "] needs both aws_access_key_id and "
                    + "aws_secret_access_key");
        }
        keys.put(keyId, secret);
    }

    static void write(Path file, String keyId, String secret) {
        String content = "# Underpass admin access key, generated on first start.\n"
                + "# Use it with the AWS CLI/SDKs: AWS_SHARED_CREDENTIALS_FILE=" + file.toAbsolutePath() + "\n"
                + "[default]\n"
                + "aws_access_key_id = " + keyId + "\n"
                + "aws_secret_access_key = " + secret + "\n";
        AtomicFiles.write(file, content, true);
    }
}
