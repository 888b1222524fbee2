package dev.underpass.e2e.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A tiny HTTP service on loopback that answers {@code GET /any/path} with {@code hello from <path>}. */
public final class HttpService implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads;

    private HttpService(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    public static HttpService start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        ExecutorService threads = Executors.newFixedThreadPool(4, Daemons.named("http-service"));
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body = expectedBody(exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new HttpService(server, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** What the service answers for a path. */
    public static String expectedBody(String path) {
        return "hello from " + path;
    }

    /** A plain HTTP GET to a local port (e.g. a source proxy's); returns the body of a 200 answer. */
    public static String get(int port, String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .GET()
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
