package dev.underpass.cli.client;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

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
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw unreadable(pem, "it holds no PEM certificate");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (NoSuchFileException e) {
            throw unreadable(pem, "no such file");
        } catch (IOException | GeneralSecurityException e) {
            throw unreadable(pem, e.getMessage());
        }
    }

    private static CliException unreadable(Path pem, String why) {
        return new CliException(ExitCodes.USAGE, "Cannot use CA bundle " + pem + ": " + why
                + ". Give a PEM file with --ca-bundle (an Underpass server writes DATA_DIR/ca.pem).");
    }
}
