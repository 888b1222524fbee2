package dev.underpass.localproxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.localproxy.testing.TestCertificates;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredDefaultsTrustManagerTest {
    private static final String AUTH_TYPE = "ECDHE_ECDSA";

    @TempDir
    Path dir;

    @Test
    void aChainOfTheCapathCertificatesNeverReadsTheDefaults() throws Exception {
        TestCertificates capath = TestCertificates.selfSigned("localhost");
        X509ExtendedTrustManager combined = trusting(capath.certificate());
        AtomicInteger loads = new AtomicInteger();
        DeferredDefaultsTrustManager tm = new DeferredDefaultsTrustManager(trusting(capath.certificate()), () -> {
            loads.incrementAndGet();
            return combined;
        });

        tm.checkServerTrusted(chain(capath), AUTH_TYPE);
        tm.checkServerTrusted(chain(capath), AUTH_TYPE);

        assertThat(loads).hasValue(0);
        assertThat(tm.defaultsLoaded()).isFalse();
    }

    @Test
    void aChainOnlyTheDefaultsTrustIsAcceptedAndTheDefaultsAreReadOnce() throws Exception {
        TestCertificates capath = TestCertificates.selfSigned("localhost");
        TestCertificates publicCa = TestCertificates.selfSigned("public.example");
        TestCertificates unknown = TestCertificates.selfSigned("unknown.example");
        X509ExtendedTrustManager combined = trusting(capath.certificate(), publicCa.certificate());
        AtomicInteger loads = new AtomicInteger();
        DeferredDefaultsTrustManager tm = new DeferredDefaultsTrustManager(trusting(capath.certificate()), () -> {
            loads.incrementAndGet();
            return combined;
        });

        tm.checkServerTrusted(chain(publicCa), AUTH_TYPE);
        assertThatThrownBy(() -> tm.checkServerTrusted(chain(unknown), AUTH_TYPE))
                .isInstanceOf(CertificateException.class);
        tm.checkServerTrusted(chain(capath), AUTH_TYPE);

        assertThat(loads).hasValue(1);
        assertThat(tm.getAcceptedIssuers()).containsExactlyInAnyOrder(capath.certificate(), publicCa.certificate());
    }

    @Test
    void theCapathTrustManagerReadsTheJdkCasOnlyForAChainItCannotVerify() throws Exception {
        TestCertificates capath = TestCertificates.selfSigned("localhost");
        TestCertificates unknown = TestCertificates.selfSigned("unknown.example");
        DeferredDefaultsTrustManager tm = (DeferredDefaultsTrustManager) TrustAnchors.withExtraCertificates(
                capath.writePem(dir.resolve("ca.pem")));

        tm.checkServerTrusted(chain(capath), AUTH_TYPE);
        assertThat(tm.defaultsLoaded()).isFalse();

        assertThatThrownBy(() -> tm.checkServerTrusted(chain(unknown), AUTH_TYPE))
                .isInstanceOf(CertificateException.class);
        assertThat(tm.defaultsLoaded()).isTrue();
        assertThat(tm.getAcceptedIssuers()).contains(capath.certificate()).hasSizeGreaterThan(1);
    }

    private static X509Certificate[] chain(TestCertificates certs) {
        return new X509Certificate[] {certs.certificate()};
    }

    private static X509ExtendedTrustManager trusting(X509Certificate... certificates) throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            store.setCertificateEntry("ca-" + i, certificates[i]);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        return (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
    }
}
