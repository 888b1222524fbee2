package dev.underpass.localproxy.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The certificates a local proxy trusts: the JDK's default CAs plus those of {@code -c/--capath}, which names either
 * a PEM file (one or more certificates) or a directory whose PEM files are all read (an OpenSSL hashed directory
 * works). Files in a directory that hold no certificate are skipped.
 */
public final class TrustAnchors {
    private static final Logger LOG = LoggerFactory.getLogger(TrustAnchors.class);

    private TrustAnchors() {
    }

    /**
     * A trust manager trusting the JDK's default CAs and the certificates at {@code caPath} (AWS's localproxy: the
     * {@code -c} directory is added to OpenSSL's default verify paths). The certificates at {@code caPath} are read
     * now; the JDK's CAs only when a server's chain does not verify against them alone (see
     * {@link DeferredDefaultsTrustManager}).
     *
     * @throws IllegalArgumentException when the path holds no readable certificate
     */
    public static X509ExtendedTrustManager withExtraCertificates(Path caPath) {
        List<X509Certificate> extra = load(caPath);
        try {
            X509ExtendedTrustManager extraOnly = x509(factoryOf(extra));
            return new DeferredDefaultsTrustManager(extraOnly, () -> {
                try {
                    List<X509Certificate> trusted = new ArrayList<>(jdkDefaults());
                    trusted.addAll(extra);
                    return x509(factoryOf(trusted));
                } catch (GeneralSecurityException e) {
                    throw new CertificateException("cannot read the JDK's CA certificates: " + e.getMessage(), e);
                }
            });
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedTrustManager x509(TrustManagerFactory factory) {
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new IllegalStateException("the JDK's " + factory.getAlgorithm() + " trust manager factory made no "
                + "X509ExtendedTrustManager");
    }

    /**
     * Trust managers for the certificates at {@code caPath} and nothing else (no JDK defaults): what
     * {@code --ca-bundle} gives the AWS CLI, and what a client of a server with a generated CA needs.
     *
     * @throws IllegalArgumentException when the path holds no readable certificate
     */
    public static TrustManager[] only(Path caPath) {
        try {
            return factoryOf(load(caPath)).getTrustManagers();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the trust store: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory factoryOf(List<X509Certificate> certificates)
            throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create an empty key store", e);
        }
        int i = 0;
        for (X509Certificate cert : certificates) {
            store.setCertificateEntry("ca-" + i++, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return tmf;
    }

    /** Reads the certificates of a PEM file, or of every PEM file in a directory. */
    public static List<X509Certificate> load(Path caPath) {
        List<X509Certificate> certs = new ArrayList<>();
        if (Files.isDirectory(caPath)) {
            try (Stream<Path> files = Files.list(caPath)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    try {
                        certs.addAll(readFile(file));
                    } catch (IllegalArgumentException e) {
                        LOG.debug("skipping {}: {}", file, e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list CA directory " + caPath + ": " + e.getMessage());
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("CA directory " + caPath + " holds no PEM certificate");
            }
        } else if (Files.isRegularFile(caPath)) {
            certs.addAll(readFile(caPath));
        } else {
            throw new IllegalArgumentException("CA path " + caPath + " is neither a file nor a directory");
        }
        return certs;
    }

    private static List<X509Certificate> readFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + file);
            }
            return certs;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("no PEM certificate in " + file + " (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<X509Certificate> jdkDefaults() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> certs = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                certs.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return certs;
    }
}
