package dev.underpass.cli.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.cli.config.CredentialsResolver.ResolvedCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.net.ssl.TrustManager;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * Calls Underpass's own REST routes ({@code /keys}, {@code /tunnels/{id}/audit}), which the AWS SDK has no
 * operation for: each request is signed by the SDK's own SigV4 signer ({@link AwsV4HttpSigner}, signing name
 * {@code IoTSecuredTunneling}) with the resolved credentials and sent by the SDK's URL-connection HTTP client, with
 * the same trust ({@code --ca-bundle}) and timeouts as {@link ServiceClient}. Error answers and transport failures
 * become the same {@link CliException}s as the SDK's.
 */
public final class RestClient implements AutoCloseable {
    // Big decimals: timestamps (epoch seconds with a fraction) print as the server wrote them.
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final String SIGNING_NAME = "IoTSecuredTunneling";

    private final SdkHttpClient http;
    private final ConnectionSettings settings;
    private final ResolvedCredentials credentials;

    private RestClient(SdkHttpClient http, ConnectionSettings settings, ResolvedCredentials credentials) {
        this.http = http;
        this.settings = settings;
        this.credentials = credentials;
    }

    /** Builds the client; nothing is sent yet. */
    public static RestClient create(ConnectionSettings settings, ResolvedCredentials credentials) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder()
                .connectionTimeout(ServiceClient.CONNECT_TIMEOUT)
                .socketTimeout(ServiceClient.SOCKET_TIMEOUT);
        if (settings.caBundle().isPresent() && settings.endpoint().getScheme().equals("https")) {
            TrustManager[] trust = CaBundle.trustManagers(settings.caBundle().get());
            http.tlsTrustManagersProvider(() -> trust);
        }
        return new RestClient(http.build(), settings, credentials);
    }

    /**
     * Sends one signed request and returns the JSON answer.
     *
     * @param operation the operation's name, for messages ("CreateAccessKey")
     * @param path      the path and query, already percent-encoded, e.g. {@code /keys}
     * @param body      a JSON body, or null for none
     * @throws CliException for an error answer ({@link ExitCodes#SERVICE_ERROR}) or a transport failure
     */
    public JsonNode call(String operation, String method, String path, String body) {
        return execute(http, settings, credentials, SIGNING_NAME, operation, method, path, body);
    }

    /**
     * Sends one request signed for {@code signingName} through {@code http}; shared with {@link ServiceClient} for
     * the registry's own routes (e.g. {@code /root-ca}, signed as {@code iot}).
     */
    static JsonNode execute(SdkHttpClient http, ConnectionSettings settings, ResolvedCredentials credentials,
            String signingName, String operation, String method, String path, String body) {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        URI base = settings.endpoint();
        String prefix = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(base.resolve(prefix + path));
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        try {
            SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.provider().resolveCredentials())
                    .request(request.build())
                    .payload(ContentStreamProvider.fromByteArray(bytes))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region()));
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                    .request(signed.request())
                    .contentStreamProvider(body == null ? null : ContentStreamProvider.fromByteArray(bytes))
                    .build()).call();
            byte[] answer = read(response.responseBody());
            int status = response.httpResponse().statusCode();
            JsonNode json = answer.length == 0 ? JSON.createObjectNode() : JSON.readTree(answer);
            if (status / 100 != 2) {
                String code = response.httpResponse().firstMatchingHeader("x-amzn-ErrorType")
                        .orElse(json.path("__type").asText(String.valueOf(status)));
                throw new CliException(ExitCodes.SERVICE_ERROR, "An error occurred (" + code
                        + ") when calling the " + operation + " operation: " + json.path("message").asText(""));
            }
            return json;
        } catch (IOException | RuntimeException e) {
            if (e instanceof CliException cli) {
                throw cli;
            }
            throw ServiceErrors.translate(operation, settings, e instanceof SdkClientException sdk ? sdk
                    : SdkClientException.create("Unable to execute HTTP request: " + e.getMessage(), e));
        }
    }

    private static byte[] read(Optional<? extends InputStream> body) throws IOException {
        if (body.isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = body.get()) {
            return in.readAllBytes();
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
