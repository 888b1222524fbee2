package dev.underpass.dist;

import dev.underpass.localproxy.tunnel.TrustAnchors;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/** GET requests over HTTPS trusting one PEM CA file only (a server's generated {@code ca.pem}). */
final class Https {
    private Https() {
    }

    static HttpResponse<String> get(URI uri, Path caFile) throws IOException, InterruptedException,
            GeneralSecurityException {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, TrustAnchors.only(caFile), null);
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A plain HTTP GET to a loopback port, as {@code curl http://localhost:PORT/} sends it. */
    static HttpResponse<String> getPlain(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
