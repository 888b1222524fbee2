package dev.underpass.e2e.support;

import dev.underpass.server.ServerConfig;
import dev.underpass.server.UnderpassServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * An Underpass server in this JVM, as a user runs it: TLS with the CA it generates into a temporary data directory,
 * bound to 127.0.0.1 on a free port. Gives the SDK client and the TLS trust a test needs, and can restart on the
 * same data directory and port.
 */
public final class TestServer implements ServerAccess, AutoCloseable {
    private final ServerConfig config;
    private UnderpassServer server;
    private IoTSecureTunnelingClient api;

    private TestServer(ServerConfig config) {
        this.config = config;
        this.server = UnderpassServer.start(config);
    }

    /** A TLS server on 127.0.0.1, port 0, with its data in {@code dataDir}. */
    public static TestServer start(Path dataDir) {
        return start(dataDir, c -> c);
    }

    /** The same, with changes to the configuration (clock, database, ...). */
    public static TestServer start(Path dataDir, UnaryOperator<ServerConfig> customize) {
        return new TestServer(customize.apply(ServerConfig.defaults(dataDir)
                .withBindAddress("127.0.0.1")
                .withPort(0)));
    }

    public UnderpassServer server() {
        return server;
    }

    @Override
    public URI endpoint() {
        return server.endpoint();
    }

    public int port() {
        return server.port();
    }

    @Override
    public Path caFile() {
        return server.caFile();
    }

    @Override
    public Path credentialsFile() {
        return server.credentialsFile();
    }

    /** The real AWS SDK client for this server (one per server, closed with it). */
    @Override
    public synchronized IoTSecureTunnelingClient api() {
        if (api == null) {
            api = TunnelingClients.create(endpoint(), caFile(), credentialsFile());
        }
        return api;
    }

    /** Runs expiry and purge now. */
    public void runMaintenance() {
        server.runMaintenance();
    }

    /** Stops the server without touching its data. */
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public synchronized void close() {
        if (api != null) {
            api.close();
            api = null;
        }
        stop();
    }
}
