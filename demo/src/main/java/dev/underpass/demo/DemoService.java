package dev.underpass.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The small web service on the demo's "device": on loopback, a free port, it answers every GET with a short text
 * page naming the thing, the path asked for and a request number — so a person sees that each request really
 * reached it. Two threads; other methods get 405.
 */
final class DemoService implements AutoCloseable {
    private static final int THREADS = 2;

    private final HttpServer server;
    private final ExecutorService threads;

    private DemoService(HttpServer server, ExecutorService threads) {
        this.server = server;
        this.threads = threads;
    }

    /** Starts the service on a free loopback port. */
    static DemoService start(String thingName) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread t = new Thread(runnable, "demo-service");
            t.setDaemon(true);
            return t;
        });
        AtomicLong requests = new AtomicLong();
        server.setExecutor(threads);
        server.createContext("/", exchange -> answer(exchange, thingName, requests));
        server.start();
        return new DemoService(server, threads);
    }

    private static void answer(HttpExchange exchange, String thingName, AtomicLong requests) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = page(thingName, exchange.getRequestURI().getPath(), requests.incrementAndGet())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The page for one request. */
    static String page(String thingName, String path, long number) {
        return greeting(thingName) + " You asked for " + path + " (request #" + number
                + ").\n";
    }

    /** Whether a body is a page this service sends for the thing. */
    static boolean isPageOf(String thingName, String body) {
        return body.startsWith(greeting(thingName));
    }

    private static String greeting(String thingName) {
        return "Hello from " + thingName + "'s web service!";
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
