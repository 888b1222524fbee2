package dev.underpass.server.mqtt.testing;

import dev.underpass.server.pki.CertificateAuthority;
import dev.underpass.server.pki.Pem;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificates of a test: a server CA with a localhost server certificate (what devices trust) and a device CA
 * that issues client certificates named after things.
 */
public final class TestPki {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertificateAuthority serverCa;
    private final CertificateAuthority deviceCa;
    private final PrivateKey deviceCaKey;
    private final CertificateAuthority.Issued serverCertificate;

    private TestPki(CertificateAuthority serverCa, CertificateAuthority deviceCa, PrivateKey deviceCaKey) {
        this.serverCa = serverCa;
        this.deviceCa = deviceCa;
        this.deviceCaKey = deviceCaKey;
        this.serverCertificate = serverCa.issueServerCertificate("localhost", List.of("localhost"),
                List.of("127.0.0.1"), Duration.ofDays(1));
    }

    public static TestPki create(Path dir, String deviceCaName) {
        CertificateAuthority server = CertificateAuthority.loadOrCreate(dir, "ca", "Test Root CA", Clock.systemUTC());
        CertificateAuthority device = CertificateAuthority.loadOrCreate(dir, deviceCaName, "Test " + deviceCaName,
                Clock.systemUTC());
        return new TestPki(server, device, Pem.readPrivateKey(dir.resolve(deviceCaName + "-key.pem")));
    }

    public X509Certificate serverCa() {
        return serverCa.certificate();
    }

    public Path serverCaFile() {
        return serverCa.certificateFile();
    }

    public X509Certificate deviceCa() {
        return deviceCa.certificate();
    }

    public CertificateAuthority.Issued serverCertificate() {
        return serverCertificate;
    }

    /** A client certificate with CN = {@code thingName}, signed by the device CA. */
    public Device device(String thingName) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair pair = generator.generateKeyPair();
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(deviceCa.certificate(),
                    new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(1))), new X500Name("CN=" + thingName), pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(deviceCaKey)));
            return new Device(thingName, cert, pair.getPrivate(), serverCa.certificate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A device's certificate, key and the root CA it trusts. */
    public record Device(String thingName, X509Certificate certificate, PrivateKey key, X509Certificate rootCa) {

        public KeyManagerFactory keyManagers() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setKeyEntry("device", key, "x".toCharArray(), new X509Certificate[] {certificate});
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(store, "x".toCharArray());
                return kmf;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public TrustManagerFactory trustManagers() {
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(null, null);
                store.setCertificateEntry("root", rootCa);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                return tmf;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public String toString() {
            return "Device[" + thingName + "]";
        }
    }
}
