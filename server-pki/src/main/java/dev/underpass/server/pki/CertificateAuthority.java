package dev.underpass.server.pki;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority whose certificate and key live as PEM files ({@code <name>.pem}, {@code <name>-key.pem}).
 * It is created on first use and reused afterwards, so certificates it issued stay valid across restarts. Keys are
 * EC P-256, signatures ECDSA with SHA-256.
 */
public final class CertificateAuthority {
    private static final Duration CA_VALIDITY = Duration.ofDays(3650);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final Path certificateFile;
    private final Clock clock;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key, Path certificateFile, Clock clock) {
        this.certificate = certificate;
        this.key = key;
        this.certificateFile = certificateFile;
        this.clock = clock;
    }

    /** Loads the CA named {@code name} from {@code dir}, creating it with the given common name when absent. */
    public static CertificateAuthority loadOrCreate(Path dir, String name, String commonName, Clock clock) {
        return loadOrCreate(dir, name, commonName, CA_VALIDITY, clock);
    }

    /**
     * As {@link #loadOrCreate(Path, String, String, Clock)}, with the validity a newly created CA certificate gets
     * (an existing one is loaded as it is).
     */
    public static CertificateAuthority loadOrCreate(Path dir, String name, String commonName, Duration validity,
            Clock clock) {
        Path certFile = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + "-key.pem");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            return new CertificateAuthority(Pem.readCertificate(certFile), Pem.readPrivateKey(keyFile), certFile, clock);
        }
        KeyPair pair = newKeyPair();
        X500Name subject = new X500Name("CN=" + commonName + ",O=Underpass");
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate cert = sign(builder, pair.getPrivate());
            Pem.writePrivateKey(keyFile, pair.getPrivate());
            Pem.writeCertificate(certFile, cert);
            return new CertificateAuthority(cert, pair.getPrivate(), certFile, clock);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot create certificate authority in " + dir + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public Path certificateFile() {
        return certificateFile;
    }

    /**
     * Issues a TLS server certificate for the given DNS names and IP addresses.
     *
     * @return the new key pair's private key and the certificate
     */
    public Issued issueServerCertificate(String commonName, List<String> dnsNames, List<String> ipAddresses,
            Duration validity) {
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        return issue(new X500Name("CN=" + commonName + ",O=Underpass"), validity, KeyPurposeId.id_kp_serverAuth,
                KeyUsage.digitalSignature | KeyUsage.keyEncipherment,
                new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /**
     * Issues a TLS client certificate (extended key usage clientAuth) whose subject is just {@code CN=commonName},
     * with a fresh EC P-256 key pair and a random serial. Its validity ends no later than this CA's own.
     */
    public Issued issueClientCertificate(String commonName, Duration validity) {
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
        Duration untilCaExpiry = Duration.between(clock.instant(), certificate.getNotAfter().toInstant());
        Duration capped = untilCaExpiry.compareTo(validity) < 0 ? untilCaExpiry : validity;
        return issue(subject, capped, KeyPurposeId.id_kp_clientAuth, KeyUsage.digitalSignature, null);
    }

    private Issued issue(X500Name subject, Duration validity, KeyPurposeId purpose, int keyUsage,
            GeneralNames altNames) {
        KeyPair pair = newKeyPair();
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject,
                    pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(pair.getPublic()));
            if (altNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, altNames);
            }
            return new Issued(sign(builder, key), pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue certificate: " + e.getMessage(), e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    /** A certificate issued by this CA with its key pair; the private key never appears in {@link #toString}. */
    public record Issued(X509Certificate certificate, PrivateKey privateKey, PublicKey publicKey) {
        @Override
        public String toString() {
            return "Issued[" + certificate.getSubjectX500Principal() + "]";
        }
    }
}
