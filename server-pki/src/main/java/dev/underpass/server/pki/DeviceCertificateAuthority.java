package dev.underpass.server.pki;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The CA that signs device (thing) certificates, separate from the server's TLS CA so that a device certificate can
 * never pass for a server and the two can be rotated apart. It lives in the data directory as
 * {@value #FILE_NAME}{@code .pem} and {@value #FILE_NAME}{@code -key.pem} (owner-only), created on first start.
 *
 * <p>Each issued certificate has a fresh EC P-256 key pair, subject {@code CN=<thing name>}, extended key usage
 * clientAuth, a random serial and a validity of {@link #DEVICE_CERTIFICATE_VALIDITY}. Its id is the lower-case hex
 * SHA-256 of its DER encoding, as AWS IoT computes certificate ids. The private key is handed back once and kept
 * nowhere. Thread-safe.
 */
public final class DeviceCertificateAuthority {
    /** Base name of the CA's files in the data directory. */
    public static final String FILE_NAME = "device-ca";
    /** Validity of a newly created device CA. */
    public static final Duration CA_VALIDITY = Duration.ofDays(30 * 365);
    /** Validity of a device certificate: devices run for years; deactivation, not expiry, retires them. */
    public static final Duration DEVICE_CERTIFICATE_VALIDITY = Duration.ofDays(20 * 365);

    private final CertificateAuthority ca;

    private DeviceCertificateAuthority(CertificateAuthority ca) {
        this.ca = ca;
    }

    /** Loads the device CA from {@code dataDir}, creating it there on first use. */
    public static DeviceCertificateAuthority loadOrCreate(Path dataDir, Clock clock) {
        return new DeviceCertificateAuthority(CertificateAuthority.loadOrCreate(dataDir, FILE_NAME,
                "Underpass Device CA", CA_VALIDITY, clock));
    }

    /** The CA certificate a broker trusts to authenticate devices. */
    public X509Certificate certificate() {
        return ca.certificate();
    }

    /** The file holding {@link #certificate()} as PEM. */
    public Path certificateFile() {
        return ca.certificateFile();
    }

    /** Issues a certificate for the thing {@code thingName}; the caller must hand the private key out and forget it. */
    public DeviceCredentials issue(String thingName) {
        Objects.requireNonNull(thingName, "thingName");
        CertificateAuthority.Issued issued = ca.issueClientCertificate(thingName, DEVICE_CERTIFICATE_VALIDITY);
        return new DeviceCredentials(certificateId(issued.certificate()), issued.certificate(),
                Pem.toPem(issued.certificate()), Pem.toPem(issued.privateKey()), Pem.toPem(issued.publicKey()));
    }

    /** The AWS IoT certificate id of a certificate: lower-case hex SHA-256 of its DER encoding (64 characters). */
    public static String certificateId(X509Certificate certificate) {
        try {
            byte[] der = certificate.getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the certificate cannot be DER-encoded: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    /**
     * A freshly issued device certificate with its key pair as PEM.
     *
     * @param certificateId  lower-case hex SHA-256 of the certificate's DER
     * @param certificate    the certificate
     * @param certificatePem the certificate as PEM
     * @param privateKeyPem  the private key, PKCS#8 PEM; secret: never logged, never stored
     * @param publicKeyPem   the public key as PEM
     */
    public record DeviceCredentials(String certificateId, X509Certificate certificate, String certificatePem,
            String privateKeyPem, String publicKeyPem) {
        @Override
        public String toString() {
            return "DeviceCredentials[certificateId=" + certificateId + ", subject="
                    + certificate.getSubjectX500Principal() + ", privateKey=MASKED]";
        }
    }
}
