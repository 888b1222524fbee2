package dev.underpass.server.audit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** REST calls to a plain-HTTP server, signed by the AWS SDK's SigV4 signer as a real client would sign them. */
final class SignedHttp {
    private static final Set<String> SET_BY_JAVA = Set.of("host", "content-length");
    private final HttpClient http = HttpClient.newHttpClient();
    private final URI endpoint;

    SignedHttp(URI endpoint) {
        this.endpoint = endpoint;
    }

    HttpResponse<String> call(String method, String path, String body, String keyId, String secret)
            throws Exception {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(endpoint.resolve(path));
        if (body != null) {
            request.putHeader("Content-Type", "application/json");
        }
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(keyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "IoTSecuredTunneling")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
        HttpRequest.Builder out = HttpRequest.newBuilder(signed.request().getUri())
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        for (Map.Entry<String, List<String>> header : signed.request().headers().entrySet()) {
            if (!SET_BY_JAVA.contains(header.getKey().toLowerCase())) {
                header.getValue().forEach(value -> out.header(header.getKey(), value));
            }
        }
        return http.send(out.build(), HttpResponse.BodyHandlers.ofString());
    }
}
