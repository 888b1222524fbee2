package dev.underpass.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The control API as users call it: the real AWS SDK client, the server's generated CA as the only trust, the
 * generated admin key read from the server's credentials file. Retries are off, so every failure is counted.
 */
final class ControlPlane {
    static final String SERVICE = "bench";

    private ControlPlane() {
    }

    /** {@code caFile} may be null for a plain http:// endpoint. */
    static IoTSecureTunnelingClient client(URI endpoint, Path caFile, Path credentialsFile) {
        // HttpsURLConnection keeps at most 5 idle connections per host by default: more threads would pay a TLS
        // handshake on many calls, which would measure the handshake instead of OpenTunnel.
        System.setProperty("http.maxConnections", "64");
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(30));
        if (caFile != null) {
            http.tlsTrustManagersProvider(() -> trustManagers(caFile));
        }
        return IoTSecureTunnelingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(credentials(credentialsFile)))
                .httpClient(http.build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(60))
                        .build())
                .build();
    }

    /** The admin key of the server's credentials file (its {@code default} profile). */
    static AwsCredentials credentials(Path credentialsFile) {
        ProfileFile profiles = ProfileFile.builder().content(credentialsFile).type(ProfileFile.Type.CREDENTIALS)
                .build();
        return ProfileCredentialsProvider.builder().profileFile(profiles).profileName("default").build()
                .resolveCredentials();
    }

    static OpenTunnelResponse open(IoTSecureTunnelingClient client) {
        return client.openTunnel(r -> r.destinationConfig(d -> d.services(SERVICE)).timeoutConfig(
                t -> t.maxLifetimeTimeoutMinutes(720)));
    }

    static TrustManager[] trustManagers(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + i++, cert);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the CA certificate " + caPem + ": " + e.getMessage(), e);
        }
    }
}
