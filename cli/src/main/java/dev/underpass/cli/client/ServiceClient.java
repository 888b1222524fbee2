package dev.underpass.cli.client;

import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.cli.config.CredentialsResolver.ResolvedCredentials;
import java.time.Duration;
import java.util.function.Function;
import com.fasterxml.jackson.databind.JsonNode;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * The AWS SDK's tunneling and IoT clients, set up from the CLI's settings (endpoint override, region, the resolved
 * credentials, the CA bundle as the only trust when given), and the one place where its exceptions become
 * user-facing {@link dev.underpass.cli.CliException}s. The SDK's standard retries apply.
 */
public final class ServiceClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(60);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(120);

    private final IoTSecureTunnelingClient sdk;
    private final IotClient iot;
    private final SdkHttpClient http;
    private final ResolvedCredentials credentials;
    private final ConnectionSettings settings;

    private ServiceClient(IoTSecureTunnelingClient sdk, IotClient iot, SdkHttpClient http,
            ResolvedCredentials credentials, ConnectionSettings settings) {
        this.sdk = sdk;
        this.iot = iot;
        this.http = http;
        this.credentials = credentials;
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
        // One HTTP client for both SDK clients; the SDK leaves a given client open, so close() closes it.
        SdkHttpClient httpClient = http.build();
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder()
                .apiCallTimeout(CALL_TIMEOUT)
                // the SDK's other profile settings come from the same file as the credentials, not ~/.aws
                .defaultProfileFile(credentials.profileFile())
                .defaultProfileName(credentials.profileName())
                .build();
        IoTSecureTunnelingClient sdk = IoTSecureTunnelingClient.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials.provider())
                .httpClient(httpClient)
                .overrideConfiguration(override)
                .build();
        IotClient iot = IotClient.builder()
                .endpointOverride(settings.endpoint())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials.provider())
                .httpClient(httpClient)
                .overrideConfiguration(override)
                .build();
        return new ServiceClient(sdk, iot, httpClient, credentials, settings);
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

    /**
     * Calls one AWS IoT (thing registry) operation.
     *
     * @throws dev.underpass.cli.CliException for a service error or a transport failure
     */
    public <T> T callIot(String operation, Function<IotClient, T> call) {
        try {
            return call.apply(iot);
        } catch (SdkException e) {
            throw ServiceErrors.translate(operation, settings, e);
        }
    }

    /**
     * GETs one of Underpass's own JSON routes that no SDK client models (e.g. {@code /root-ca}), signed with SigV4
     * like the SDK's calls.
     *
     * @param operation   the operation's name, for error messages
     * @param signingName the SigV4 signing name of the route's family
     * @throws dev.underpass.cli.CliException for a service error or a transport failure
     */
    public JsonNode getJson(String operation, String path, String signingName) {
        return RestClient.execute(http, settings, credentials, signingName, operation, "GET", path, null);
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        sdk.close();
        iot.close();
        http.close();
    }
}
