package dev.underpass.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/** Trust in the CA certificates of one PEM file and nothing else, as {@code --ca-bundle} gives the AWS CLI. */
final class PemTrust {
    private PemTrust() {
    }

    /**
     * @throws IllegalStateException when the file holds no certificate or cannot be parsed
     * @throws UncheckedIOException when it cannot be read
     */
    static TrustManager[] of(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
            if (n == 0) {
                throw new IllegalStateException(pem + " holds no PEM certificate");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA certificate " + pem, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the CA certificate " + pem + ": " + e.getMessage(), e);
        }
    }
}
