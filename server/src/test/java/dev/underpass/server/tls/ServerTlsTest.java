package dev.underpass.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.server.pki.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerTlsTest {
    @TempDir
    Path dir;

    @Test
    void firstStartCreatesACaAndAServerCertificateThatItVerifies() throws Exception {
        ServerTls tls = ServerTls.loadOrCreate(dir, null, null, List.of("tunnels.example.com", "10.1.2.3"),
                Clock.systemUTC());
        assertThat(tls.generated()).isTrue();
        assertThat(tls.caFile()).isEqualTo(dir.resolve("ca.pem"));
        X509Certificate ca = Pem.readCertificate(dir.resolve("ca.pem"));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        Collection<? extends java.security.cert.Certificate> chain;
        try (var in = Files.newInputStream(dir.resolve("server.pem"))) {
            chain = factory.generateCertificates(in);
        }
        X509Certificate leaf = (X509Certificate) chain.iterator().next();
        PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(List.of(leaf)), params);
        List<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1", "tunnels.example.com", "10.1.2.3");
        assertThat(tls.context().isServer()).isTrue();
    }

    @Test
    void laterStartsReuseTheSameCa() throws Exception {
        ServerTls.loadOrCreate(dir, null, null, List.of(), Clock.systemUTC());
        String ca = Files.readString(dir.resolve("ca.pem"));
        String server = Files.readString(dir.resolve("server.pem"));
        ServerTls.loadOrCreate(dir, null, null, List.of(), Clock.systemUTC());
        assertThat(Files.readString(dir.resolve("ca.pem"))).isEqualTo(ca);
        assertThat(Files.readString(dir.resolve("server.pem"))).isEqualTo(server);
    }

    @Test
    void aConfiguredCertificateIsUsedAsGivenAndNoCaIsCreated() {
        Path other = dir.resolve("other");
        ServerTls.loadOrCreate(other, null, null, List.of(), Clock.systemUTC());
        ServerTls tls = ServerTls.loadOrCreate(dir, other.resolve("server.pem"), other.resolve("server-key.pem"),
                List.of(), Clock.systemUTC());
        assertThat(tls.generated()).isFalse();
        assertThat(tls.caFile()).isNull();
        assertThat(dir.resolve("ca.pem")).doesNotExist();
    }

    @Test
    void aCertificateWithoutItsKeyIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> ServerTls.loadOrCreate(dir, dir.resolve("x.pem"), null, List.of(),
                Clock.systemUTC())).hasMessageContaining("--tls-key");
    }

    @Test
    void aMissingConfiguredCertificateIsNamed() {
        assertThatThrownBy(() -> ServerTls.loadOrCreate(dir, dir.resolve("nope.pem"), dir.resolve("nope-key.pem"),
                List.of(), Clock.systemUTC())).hasMessageContaining("nope.pem");
    }

    @Test
    void theCaKeyIsReadableByTheOwnerOnly() throws Exception {
        ServerTls.loadOrCreate(dir, null, null, List.of(), Clock.systemUTC());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("ca-key.pem")))).isEqualTo("rw-------");
        assertThat(KeyStore.getDefaultType()).isNotEmpty();
    }
}
