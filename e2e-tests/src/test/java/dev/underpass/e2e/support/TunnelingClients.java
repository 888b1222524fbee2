package dev.underpass.e2e.support;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * Builds the real AWS SDK client against an Underpass server: endpoint override, the server's generated CA as the
 * only trust, credentials read by the SDK itself from the generated shared-credentials file.
 */
public final class TunnelingClients {
    /** Any region string works: the server accepts the region named in the credential scope. */
    public static final Region REGION = Region.EU_WEST_3;

    private TunnelingClients() {
    }

    /** A client using the {@code [default]} profile of the server's credentials file. */
    public static IoTSecureTunnelingClient create(URI endpoint, Path caFile, Path credentialsFile) {
        ProfileFile profiles = ProfileFile.builder()
                .content(credentialsFile)
                .type(ProfileFile.Type.CREDENTIALS)
                .build();
        return create(endpoint, caFile, ProfileCredentialsProvider.builder()
                .profileFile(profiles)
                .profileName("default")
                .build());
    }

    public static IoTSecureTunnelingClient create(URI endpoint, Path caFile, AwsCredentialsProvider credentials) {
        return IoTSecureTunnelingClient.builder()
                .endpointOverride(endpoint)
                .region(REGION)
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> CaTrust.trustManagers(caFile))
                        .connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(20))
                        .build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(Duration.ofSeconds(30))
                        .build())
                .build();
    }
}
