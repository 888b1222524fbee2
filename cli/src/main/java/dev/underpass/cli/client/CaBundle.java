package dev.underpass.cli.client;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import dev.underpass.localproxy.tunnel.TrustAnchors;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.TrustManager;

/** Trust built from a PEM CA bundle and nothing else: a server whose certificate it did not sign is refused. */
final class CaBundle {
    private CaBundle() {
    }

    /**
     * Trust managers for the certificates in {@code pem}.
     *
     * @throws CliException with {@link ExitCodes#USAGE} when the file is missing or holds no certificate
     */
    static TrustManager[] trustManagers(Path pem) {
        if (Files.notExists(pem)) {
            throw unreadable(pem, "no such file");
        }
        if (Files.isDirectory(pem)) {
            throw unreadable(pem, "it is a directory");
        }
        try {
            return TrustAnchors.only(pem);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw unreadable(pem, e.getMessage());
        }
    }

    private static CliException unreadable(Path pem, String why) {
        return new CliException(ExitCodes.USAGE, "Cannot use CA bundle " + pem + ": " + why
                + ". Give a PEM file with --ca-bundle (an Underpass server writes DATA_DIR/ca.pem).");
    }
}
