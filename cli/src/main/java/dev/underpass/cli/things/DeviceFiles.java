package dev.underpass.cli.things;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The four files {@code things create} hands a device, named as AWS's console names them: {@code NAME.cert.pem},
 * {@code NAME.private.key} (owner-only), {@code NAME.public.key} and {@code root-CA.crt}. Existing files are
 * refused unless overwriting is asked for, and the check covers all four before anything is written.
 */
final class DeviceFiles {
    static final String ROOT_CA = "root-CA.crt";

    private final Path certificate;
    private final Path privateKey;
    private final Path publicKey;
    private final Path rootCa;

    DeviceFiles(Path dir, String thingName) {
        Path base = dir.toAbsolutePath().normalize();
        this.certificate = base.resolve(thingName + ".cert.pem");
        this.privateKey = base.resolve(thingName + ".private.key");
        this.publicKey = base.resolve(thingName + ".public.key");
        this.rootCa = base.resolve(ROOT_CA);
    }

    /** Fails with a usage error naming the files in the way, unless {@code force}. */
    void checkWritable(boolean force) {
        if (force) {
            return;
        }
        List<String> existing = new ArrayList<>();
        for (Path file : List.of(certificate, privateKey, publicKey, rootCa)) {
            if (Files.exists(file)) {
                existing.add(file.toString());
            }
        }
        if (!existing.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "Refusing to overwrite " + String.join(", ", existing)
                    + "; choose another --out directory, or pass --force to replace them.");
        }
    }

    /** Writes the four files, each through a temporary file and a rename; the private key is mode 600 from birth. */
    void write(String certificatePem, String privateKeyPem, String publicKeyPem, String rootCaPem) {
        try {
            Files.createDirectories(certificate.getParent());
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Cannot create the --out directory " + certificate.getParent()
                    + ": " + e.getMessage());
        }
        write(certificate, certificatePem, false);
        write(privateKey, privateKeyPem, true);
        write(publicKey, publicKeyPem, false);
        write(rootCa, rootCaPem, false);
    }

    Path certificate() {
        return certificate;
    }

    Path privateKey() {
        return privateKey;
    }

    Path publicKey() {
        return publicKey;
    }

    Path rootCa() {
        return rootCa;
    }

    private static void write(Path file, String content, boolean ownerOnly) {
        try {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                            ownerOnly ? "rw-------" : "rw-r--r--")));
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new CliException(ExitCodes.USAGE, "Cannot write " + file + ": " + e.getMessage());
        }
    }
}
