package dev.underpass.server.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceCertificateAuthorityTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path dataDir;

    @Test
    void theDeviceCaIsCreatedOnceOwnerOnlyAndReusedAfterwards() throws Exception {
        DeviceCertificateAuthority first = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);

        assertThat(dataDir.resolve("device-ca.pem")).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("device-ca-key.pem"))))
                .isEqualTo("rw-------");
        assertThat(first.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        DeviceCertificateAuthority again = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);
        assertThat(again.certificate()).isEqualTo(first.certificate());
        again.issue("thing-1").certificate().verify(first.certificate().getPublicKey());
    }

    @Test
    void theDeviceCaIsNotTheServersTlsCa() throws Exception {
        CertificateAuthority serverCa = CertificateAuthority.loadOrCreate(dataDir, "ca", "Underpass Root CA", CLOCK);
        DeviceCertificateAuthority deviceCa = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);

        X509Certificate device = deviceCa.issue("thing-1").certificate();

        assertThat(deviceCa.certificate()).isNotEqualTo(serverCa.certificate());
        assertThatThrownBy(() -> device.verify(serverCa.certificate().getPublicKey()))
                .isInstanceOf(SignatureException.class);
    }

    @Test
    void aDeviceCertificateNamesTheThingIsForClientAuthAndLastsLong() throws Exception {
        DeviceCertificateAuthority ca = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);

        X509Certificate cert = ca.issue("robot-7_a:b").certificate();

        cert.verify(ca.certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=robot-7_a:b");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(cert.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) cert.getPublicKey()).getParams().getCurve().getField().getFieldSize())
                .isEqualTo(256);
        assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(10 * 365)));
        cert.checkValidity();
    }

    @Test
    void everyCertificateHasItsOwnKeyPairAndSerial() {
        DeviceCertificateAuthority ca = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);

        DeviceCertificateAuthority.DeviceCredentials a = ca.issue("thing-1");
        DeviceCertificateAuthority.DeviceCredentials b = ca.issue("thing-1");

        assertThat(a.certificate().getSerialNumber()).isNotEqualTo(b.certificate().getSerialNumber());
        assertThat(a.privateKeyPem()).isNotEqualTo(b.privateKeyPem());
        assertThat(a.certificateId()).isNotEqualTo(b.certificateId());
    }

    @Test
    void theReturnedPemsAreTheCertificatesKeyPair() throws Exception {
        DeviceCertificateAuthority ca = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);
        DeviceCertificateAuthority.DeviceCredentials issued = ca.issue("thing-1");
        Path certFile = dataDir.resolve("thing.cert.pem");
        Path keyFile = dataDir.resolve("thing.private.key");
        Files.writeString(certFile, issued.certificatePem());
        Files.writeString(keyFile, issued.privateKeyPem());

        assertThat(issued.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(issued.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(Pem.readCertificate(certFile)).isEqualTo(issued.certificate());
        PrivateKey key = Pem.readPrivateKey(keyFile);
        byte[] data = "proof of possession".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(issued.certificate().getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
        assertThat(issued.publicKeyPem()).isEqualTo(Pem.toPem(issued.certificate().getPublicKey()));
    }

    @Test
    void theCertificateIdIsOpensslsSha256FingerprintInLowerCase() throws Exception {
        DeviceCertificateAuthority ca = DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK);
        DeviceCertificateAuthority.DeviceCredentials issued = ca.issue("thing-1");
        Path certFile = dataDir.resolve("thing.cert.pem");
        Files.writeString(certFile, issued.certificatePem());

        Process openssl = new ProcessBuilder(List.of("openssl", "x509", "-in", certFile.toString(), "-noout",
                "-fingerprint", "-sha256")).redirectErrorStream(true).start();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        assertThat(openssl.waitFor()).as(out).isZero();

        String fingerprint = out.substring(out.indexOf('=') + 1).replace(":", "").toLowerCase();
        assertThat(issued.certificateId()).isEqualTo(fingerprint).hasSize(64);
        assertThat(HexFormat.of().parseHex(issued.certificateId())).hasSize(32);
    }

    @Test
    void thePrivateKeyNeverShowsInToString() {
        DeviceCertificateAuthority.DeviceCredentials issued =
                DeviceCertificateAuthority.loadOrCreate(dataDir, CLOCK).issue("thing-1");

        String body = issued.privateKeyPem().lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertThat(issued.toString()).doesNotContain(body).contains(issued.certificateId()).contains("MASKED");
    }
}
