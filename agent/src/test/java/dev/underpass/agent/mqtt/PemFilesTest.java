package dev.underpass.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.agent.testing.TestPki;
import dev.underpass.server.pki.Pem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemFilesTest {
    /** What {@code openssl ecparam -name prime256v1 -genkey} writes: a throwaway key, SEC1 with a named curve. */
    private static final String OPENSSL_EC_KEY = String.join("\n",
            "-----BEGIN EC PARAMETERS-----",
            "BggqhkjOPQMBBw==",
            "-----END EC PARAMETERS-----",
            "-----BEGIN EC PRIVATE KEY-----",
            "MHcCAQEEILJQZNRPpEn4Wu9fJ2I6PzDjm+kZfcYbbuxip6GIE0T6oAoGCCqGSM49",
            "AwEHoUQDQgAEdnt3hqyuZNwxZpACigSj5f7zUteue/DpasRrt8K+WcBfEiQ1noXc",
            "NJuO1SLaS8R0tvAnX6obkWKkUePCVodj2g==",
            "-----END EC PRIVATE KEY-----",
            "");

    @TempDir
    Path dir;

    @Test
    void readsPkcs8RsaPkcs1AndSec1EcKeys() throws IOException {
        KeyPair ec = TestPki.ecKeyPair();
        KeyPair rsa = TestPki.rsaKeyPair();
        Path pkcs8 = dir.resolve("pkcs8.key");
        Pem.writePrivateKey(pkcs8, ec.getPrivate());
        Path pkcs1 = write("pkcs1.key", TestPki.traditionalPem(rsa.getPrivate()));
        Path sec1 = write("sec1.key", OPENSSL_EC_KEY);

        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        assertThat(PemFiles.privateKey(pkcs8)).isEqualTo(ec.getPrivate());
        assertThat(PemFiles.privateKey(pkcs1).getEncoded()).isEqualTo(rsa.getPrivate().getEncoded());
        assertThat(((ECPrivateKey) PemFiles.privateKey(sec1)).getS().toString(16))
                .isEqualTo("b25064d44fa449f85aef5f27623a3f30e39be9197dc61b6eec62a7a1881344fa");
    }

    @Test
    void unusableKeysAreRefusedWithWhatToDo() throws IOException {
        Path encrypted = write("enc.key",
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        Path certificateOnly = write("cert.key", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        assertThatThrownBy(() -> PemFiles.privateKey(encrypted)).hasMessage("private key " + encrypted
                + " is encrypted; the agent needs it unencrypted (openssl pkey -in " + encrypted
                + " -out key.pem), readable only by the agent's user");
        assertThatThrownBy(() -> PemFiles.privateKey(certificateOnly)).hasMessageContaining("holds no PEM private key");
        assertThatThrownBy(() -> PemFiles.privateKey(dir.resolve("absent.key")))
                .hasMessage("private key " + dir.resolve("absent.key") + " does not exist");
    }

    @Test
    void aKeyThatDoesNotBelongToTheCertificateIsNamedWithBothFiles() {
        TestPki pki = TestPki.create(dir.resolve("pki"), "ca");
        TestPki.Device one = pki.device("one");
        TestPki.Device two = pki.device("two");

        assertThatThrownBy(() -> DeviceTls.load(one.certificate(), two.privateKey(), one.rootCa()))
                .hasMessage("private key " + two.privateKey() + " does not belong to certificate "
                        + one.certificate());
        assertThatThrownBy(() -> DeviceTls.load(dir.resolve("none.pem"), one.privateKey(), dir.resolve("no-ca.pem")))
                .hasMessage("certificate " + dir.resolve("none.pem") + " does not exist; root CA "
                        + dir.resolve("no-ca.pem") + " does not exist");
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }
}
