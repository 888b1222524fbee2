package dev.underpass.agent.testing;

import dev.underpass.server.pki.AtomicFiles;
import dev.underpass.server.pki.CertificateAuthority;
import dev.underpass.server.pki.Pem;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A device CA for the tests, as the server's registry will have: it signs the broker's TLS certificate and the
 * devices' client certificates, and its certificate is the devices' root CA. Files are written as AWS's console and
 * {@code things create} write them: {@code certificate.pem}, {@code private.key}, {@code root-ca.pem}.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final CertificateAuthority ca;
    private final PrivateKey caKey;

    private TestPki(Path dir, CertificateAuthority ca, PrivateKey caKey) {
        this.dir = dir;
        this.ca = ca;
        this.caKey = caKey;
    }

    /** Creates a CA named {@code name} in {@code dir}. */
    public static TestPki create(Path dir, String name) {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, name, name, Clock.systemUTC());
        return new TestPki(dir, ca, Pem.readPrivateKey(dir.resolve(name + "-key.pem")));
    }

    public Path caFile() {
        return ca.certificateFile();
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** A TLS server certificate for localhost and 127.0.0.1. */
    public CertificateAuthority.Issued serverCertificate() {
        return ca.issueServerCertificate("localhost", List.of("localhost"), List.of("127.0.0.1"),
                Duration.ofDays(1));
    }

    /**
     * Issues a client certificate for a thing and writes it into {@code DIR/<thing>/}: certificate.pem, private.key
     * (PKCS#8) and root-ca.pem.
     */
    public Device device(String thingName) {
        KeyPair pair = ecKeyPair();
        X509Certificate cert = clientCertificate(thingName, pair);
        Path out = dir.resolve(thingName);
        Pem.writeCertificate(out.resolve("certificate.pem"), cert);
        Pem.writePrivateKey(out.resolve("private.key"), pair.getPrivate());
        copy(caFile(), out.resolve("root-ca.pem"));
        return new Device(thingName, out.resolve("certificate.pem"), out.resolve("private.key"),
                out.resolve("root-ca.pem"), cert, pair.getPrivate());
    }

    /** As {@link #device} with an RSA key written in PKCS#1 form ({@code BEGIN RSA PRIVATE KEY}), as AWS does. */
    public Device deviceWithRsaKey(String thingName) {
        KeyPair pair = rsaKeyPair();
        X509Certificate cert = clientCertificate(thingName, pair);
        Path out = dir.resolve(thingName);
        Pem.writeCertificate(out.resolve("certificate.pem"), cert);
        AtomicFiles.write(out.resolve("private.key"), traditionalPem(pair.getPrivate()), true);
        copy(caFile(), out.resolve("root-ca.pem"));
        return new Device(thingName, out.resolve("certificate.pem"), out.resolve("private.key"),
                out.resolve("root-ca.pem"), cert, pair.getPrivate());
    }

    /** A private key in OpenSSL's traditional form: PKCS#1 for RSA, SEC1 for EC. */
    public static String traditionalPem(PrivateKey key) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private X509Certificate clientCertificate(String commonName, KeyPair pair) {
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(ca.certificate(), new BigInteger(127, RANDOM).add(
                    BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))),
                    new X500Name("CN=" + commonName), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey)));
        } catch (GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.cert.CertIOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ecKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A thing's files and material. */
    public record Device(String thingName, Path certificate, Path privateKey, Path rootCa, X509Certificate cert,
            PrivateKey key) {
    }
}
