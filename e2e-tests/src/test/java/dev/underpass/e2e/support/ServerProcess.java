package dev.underpass.e2e.support;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * The server's command line ({@code ServerMain}: {@code server --data-dir DIR --port N --bind 127.0.0.1
 * --mqtt-port 0}) as a separate OS process; the MQTT port is a free one too, so servers of tests and benchmarks
 * running side by side never collide on 8883. Ready once it prints its {@code Underpass listening on URL} line.
 */
public final class ServerProcess implements ServerAccess, AutoCloseable {
    public static final String MAIN_CLASS = "dev.underpass.server.ServerMain";
    private static final Pattern LISTENING = Pattern.compile("Underpass listening on (https://\\S+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final JavaProcess process;
    private final Path dataDir;
    private final URI endpoint;
    private IoTSecureTunnelingClient api;

    private ServerProcess(JavaProcess process, Path dataDir, URI endpoint) {
        this.process = process;
        this.dataDir = dataDir;
        this.endpoint = endpoint;
    }

    /** Starts the server on a data directory and a port (0 = any free one) and waits until it listens. */
    public static ServerProcess start(String name, Path dataDir, int port) throws IOException {
        return start(name, JavaProcess.QUICK, dataDir, port);
    }

    /** The same with the given JVM options (see {@link JavaProcess#QUICK} and {@link JavaProcess#BULK}). */
    public static ServerProcess start(String name, List<String> jvmOptions, Path dataDir, int port)
            throws IOException {
        JavaProcess process = JavaProcess.start(name, jvmOptions, MAIN_CLASS, List.of("--data-dir", dataDir.toString(),
                "--port", Integer.toString(port), "--bind", "127.0.0.1", "--mqtt-port", "0"), Map.of());
        try {
            URI endpoint = URI.create(process.awaitLine(LISTENING, START_TIMEOUT).group(1));
            return new ServerProcess(process, dataDir, endpoint);
        } catch (RuntimeException | Error e) {
            process.close();
            throw e;
        }
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return endpoint.getPort();
    }

    /** {@code DIR/ca.pem}, where SPEC §8 says the generated CA lives. */
    @Override
    public Path caFile() {
        return dataDir.resolve("ca.pem");
    }

    /** {@code DIR/credentials}, the generated admin keys. */
    @Override
    public Path credentialsFile() {
        return dataDir.resolve("credentials");
    }

    @Override
    public synchronized IoTSecureTunnelingClient api() {
        if (api == null) {
            api = TunnelingClients.create(endpoint, caFile(), credentialsFile());
        }
        return api;
    }

    public JavaProcess process() {
        return process;
    }

    @Override
    public synchronized void close() {
        if (api != null) {
            api.close();
            api = null;
        }
        process.close();
    }
}
