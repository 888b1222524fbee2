package dev.underpass.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * OpenTunnel without the SDK's client stack, to load the server with less client CPU per call: the exact AWS JSON
 * 1.1 request the SDK sends ({@code POST /}, {@code X-Amz-Target: IoTSecuredTunneling.OpenTunnel}, the same body),
 * signed by the SDK's own SigV4 signer ({@link AwsV4HttpSigner}, as the CLI signs), sent by the JDK's HTTP/1.1 client
 * over kept-alive TLS connections. A call fails unless the answer is 200 with a tunnel id. Thread-safe. This is
 * {@code open-rate --client jdk}; {@link NettyOpenTunnel} ({@code --client raw}) costs the load tool a third of the
 * CPU per call.
 */
final class RawOpenTunnel {
    static final String TARGET = "IoTSecuredTunneling.OpenTunnel";
    static final byte[] BODY = ("{\"destinationConfig\":{\"services\":[\"" + ControlPlane.SERVICE + "\"]},"
            + "\"timeoutConfig\":{\"maxLifetimeTimeoutMinutes\":720}}").getBytes(StandardCharsets.UTF_8);

    private final URI endpoint;
    private final AwsCredentialsIdentity identity;
    private final HttpClient http;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

    /** {@code caFile} may be null for a plain http:// endpoint. */
    RawOpenTunnel(URI endpoint, Path caFile, Path credentialsFile) {
        this.endpoint = endpoint.resolve("/");
        AwsCredentials credentials = ControlPlane.credentials(credentialsFile);
        this.identity = AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10));
        if (caFile != null) {
            try {
                SSLContext tls = SSLContext.getInstance("TLS");
                tls.init(null, ControlPlane.trustManagers(caFile), null);
                builder.sslContext(tls);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("cannot set up TLS with " + caFile + ": " + e.getMessage(), e);
            }
        }
        this.http = builder.build();
    }

    /** Opens one tunnel; returns the answer's body. */
    String open() {
        SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", TARGET)
                .build();
        SdkHttpRequest signed = signer.sign(r -> r.identity(identity).request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(BODY))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "IoTSecuredTunneling")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(BODY));
        for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
            // The JDK client writes Host (the same value the signer used) and Content-Length itself.
            String name = header.getKey();
            if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
                header.getValue().forEach(value -> request.header(name, value));
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("OpenTunnel failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        if (response.statusCode() != 200 || !response.body().contains("\"tunnelId\"")) {
            String body = response.body();
            throw new IllegalStateException("OpenTunnel answered " + response.statusCode() + ": "
                    + body.substring(0, Math.min(200, body.length())));
        }
        return response.body();
    }
}
