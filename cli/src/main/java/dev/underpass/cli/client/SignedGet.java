package dev.underpass.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.cli.config.CredentialsResolver.ResolvedCredentials;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * A SigV4-signed GET of a JSON route outside the SDK's service models, with the SDK's own signer and HTTP client,
 * and errors reported as for SDK calls.
 */
final class SignedGet {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedGet() {
    }

    static JsonNode execute(SdkHttpClient http, ConnectionSettings settings, ResolvedCredentials credentials,
            String operation, String path, String signingName) {
        URI base = settings.endpoint();
        URI uri = base.resolve(base.getPath().endsWith("/") ? path.substring(1) : path);
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.GET).uri(uri).build();
        try {
            SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                    .identity(credentials.provider().resolveCredentials())
                    .request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(new byte[0]))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                    .putProperty(AwsV4HttpSigner.REGION_NAME, settings.region())
                    .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
            HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder().request(signed).build())
                    .call();
            byte[] body;
            try (InputStream in = response.responseBody().map(s -> (InputStream) s)
                    .orElse(InputStream.nullInputStream())) {
                body = in.readAllBytes();
            }
            JsonNode json = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
            if (!response.httpResponse().isSuccessful()) {
                String code = json.path("__type").asText(String.valueOf(response.httpResponse().statusCode()));
                throw new CliException(ExitCodes.SERVICE_ERROR, "An error occurred (" + code + ") when calling the "
                        + operation + " operation: " + json.path("message").asText(""));
            }
            return json;
        } catch (IOException e) {
            throw ServiceErrors.translate(operation, settings, SdkClientException.create(e.getMessage(), e));
        } catch (SdkClientException e) {
            throw ServiceErrors.translate(operation, settings, e);
        }
    }
}
