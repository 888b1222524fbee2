package dev.underpass.cli.client;

import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.cli.config.CredentialsResolver.ResolvedCredentials;
import java.time.Duration;
import java.util.function.Function;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * The AWS SDK's tunneling client, set up from the CLI's settings (endpoint override, region, the resolved
 * credentials, the CA bundle as the only trust when given), and the one place where its exceptions become
 * user-facing {@link dev.underpass.cli.CliException}s. The SDK's standard retries apply.
 */
public final class ServiceClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private final IoTSecureTunnelingClient sdk;
    private final ConnectionSettings settings;

    private ServiceClient(IoTSecureTunnelingClient sdk, ConnectionSettings settings) {
        this.sdk = sdk;
        this.settings = settings;
    }

    /**
     * Builds the client; nothing is sent yet.
     *
     * @throws dev.underpass.cli.CliException when the CA bundle cannot be read
     */
    public static ServiceClient create(ConnectionSettings settings, ResolvedCredentials credentials) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(CONNECT_TIMEOUT)
                .socketTimeout(SOCKET_TIMEOUT);
        if (settings.caBundle().isPresent() && settings.endpoint().getScheme().equals("https")) {
            TrustManager[] trust = CaBundle.trustManagers(settings.caBundle().get());
            http.tlsTrustManagersProvider(() -> trust);
        }
        IoTSecureTunnelingClient sdk = IoTSecureTunnelingClient.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials.provider())
                .httpClient(http.build())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(CALL_TIMEOUT)
                        // the SDK's other profile settings come from the same file as the credentials, not ~/.aws
                        .defaultProfileFile(credentials.profileFile())
                        .defaultProfileName(credentials.profileName())
                        .build())
                .build();
        return new ServiceClient(sdk, settings);
    }

    /**
     * Calls one operation.
     *
     * @param operation the API operation's name, for error messages ("OpenTunnel")
     * @throws dev.underpass.cli.CliException for a service error or a transport failure
     */
    public <T> T call(String operation, Function<IoTSecureTunnelingClient, T> call) {
        try {
            return call.apply(sdk);
        } catch (SdkException e) {
            throw ServiceErrors.translate(operation, settings, e);
        }
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        sdk.close();
    }
}
