package dev.underpass.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** One plain HTTP/1.1 GET to a loopback port, as {@code curl http://localhost:PORT/} sends it. */
final class RequestCheck {
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private RequestCheck() {
    }

    /** The answer's status line number and body. */
    record Answer(int status, String body) {
    }

    /**
     * @throws IOException when no answer arrives (connection refused or reset, timeout)
     */
    static Answer get(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(TIMEOUT)
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }
}
