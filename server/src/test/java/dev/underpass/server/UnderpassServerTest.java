package dev.underpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.pki.Pem;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class UnderpassServerTest {
    @TempDir
    Path dataDir;

    private ServerConfig config() {
        return ServerConfig.defaults(dataDir).withPort(0).withBindAddress("127.0.0.1");
    }

    private static HttpClient trusting(Path caFile) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("underpass-ca", Pem.readCertificate(caFile));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).build();
    }

    @Test
    void firstStartServesTlsWithTheGeneratedCaAndAnswersHealth() throws Exception {
        try (UnderpassServer server = UnderpassServer.start(config())) {
            assertThat(server.caFile()).isEqualTo(dataDir.resolve("ca.pem"));
            assertThat(server.credentialsFile()).exists();
            HttpResponse<String> health = trusting(server.caFile()).send(
                    HttpRequest.newBuilder(server.endpoint().resolve("/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).isEqualTo("ok\n");
        }
    }

    @Test
    void readyAndMetricsAnswerWithoutSigningAndTheRejectionCounterMoves() throws Exception {
        try (UnderpassServer server = UnderpassServer.start(config())) {
            HttpClient client = trusting(server.caFile());
            HttpResponse<String> ready = client.send(HttpRequest.newBuilder(server.endpoint().resolve("/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).isEqualTo(200);
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(server.endpoint().resolve("/tunnel"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(400); // a plain GET: not a WebSocket upgrade
            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(server.endpoint().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("underpass_tunnels_open 0.0")
                    .contains("underpass_relay_connected_sides 0.0")
                    .contains("underpass_relay_active_streams 0.0")
                    .contains("underpass_relay_active_connections 0.0")
                    .contains("underpass_handshake_rejections_total{reason=\"bad_websocket_handshake\",status=\"400\"}"
                            + " 1.0");
        }
    }

    @Test
    void anUnsignedApiCallGetsAnAwsShapedError() throws Exception {
        try (UnderpassServer server = UnderpassServer.start(config())) {
            HttpResponse<String> response = trusting(server.caFile()).send(
                    HttpRequest.newBuilder(server.endpoint().resolve("/"))
                            .header("X-Amz-Target", "IoTSecuredTunneling.ListTunnels")
                            .header("Content-Type", "application/x-amz-json-1.1")
                            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("x-amzn-ErrorType")).contains("MissingAuthenticationTokenException");
            assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
            assertThat(response.body()).contains("\"__type\":\"MissingAuthenticationTokenException\"");
        }
    }

    @Test
    void aRestartOnTheSameDataDirectoryKeepsTheCaAndTheCredentials() throws Exception {
        String ca;
        String credentials;
        try (UnderpassServer server = UnderpassServer.start(config())) {
            ca = Files.readString(server.caFile());
            credentials = Files.readString(server.credentialsFile());
        }
        try (UnderpassServer server = UnderpassServer.start(config())) {
            assertThat(Files.readString(server.caFile())).isEqualTo(ca);
            assertThat(Files.readString(server.credentialsFile())).isEqualTo(credentials);
        }
    }

    @Test
    void anOverlongRequestLineGets431WithAReason() throws Exception {
        try (UnderpassServer server = UnderpassServer.start(config().withPlain(true))) {
            String response = rawRequest(server.port(),
                    "GET /tunnel?x=" + "a".repeat(5000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
            assertThat(response).startsWith("HTTP/1.1 431").contains("too large");
        }
    }

    @Test
    void aPlainServerAnswersHealthOnLoopback() throws Exception {
        try (UnderpassServer server = UnderpassServer.start(config().withPlain(true))) {
            assertThat(server.endpoint().getScheme()).isEqualTo("http");
            assertThat(server.caFile()).isNull();
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(server.endpoint() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
        }
    }

    private static String rawRequest(int port, String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}
