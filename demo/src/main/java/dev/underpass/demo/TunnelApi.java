package dev.underpass.demo;

import dev.underpass.localproxy.tunnel.TrustAnchors;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The operator's view of the control API: the real AWS SDK client with the endpoint override, the server's CA as
 * the only trust and the server's generated admin credentials — exactly what the printed CLI commands use.
 */
final class TunnelApi implements AutoCloseable {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final String PROFILE = "default";

    private final IoTSecureTunnelingClient sdk;

    private TunnelApi(IoTSecureTunnelingClient sdk) {
        this.sdk = sdk;
    }

    /** A client for the server at {@code endpoint}; nothing is sent yet. */
    static TunnelApi connect(URI endpoint, String region, Path caFile, Path credentialsFile) {
        TrustManager[] trust = TrustAnchors.only(caFile);
        ProfileFile profiles = ProfileFile.builder().content(credentialsFile).type(ProfileFile.Type.CREDENTIALS).build();
        IoTSecureTunnelingClient sdk = IoTSecureTunnelingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(profiles)
                        .profileName(PROFILE)
                        .build())
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> trust)
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build())
                .build();
        return new TunnelApi(sdk);
    }

    /** OpenTunnel for a thing and its services. */
    OpenTunnelResponse open(String thingName, List<String> services) {
        return sdk.openTunnel(request -> request
                .description("underpass demo")
                .destinationConfig(destination -> destination.thingName(thingName).services(services)));
    }

    /** CloseTunnel; the server then disconnects both proxies. */
    void close(String tunnelId) {
        sdk.closeTunnel(request -> request.tunnelId(tunnelId));
    }

    @Override
    public void close() {
        sdk.close();
    }
}
