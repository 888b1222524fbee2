package dev.underpass.agent.testing;

import dev.underpass.server.pki.CertificateAuthority;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLException;

/**
 * A real MQTT broker (Moquette) on a loopback TLS port that requires a client certificate signed by the test PKI,
 * with sessions in memory. It can be stopped and started again on the same port, losing every session, as a broker
 * restart without persistence does.
 */
public final class TestBroker implements AutoCloseable {
    /** Far above the agent's own payload limit, so the agent's check is what a huge payload meets. */
    private static final int MAX_MESSAGE_BYTES = 256 * 1024;

    private final SslContext tls;
    private final int port;
    private final Path dataDir;
    private Server server;

    private TestBroker(SslContext tls, int port, Path dataDir) {
        this.tls = tls;
        this.port = port;
        this.dataDir = dataDir;
    }

    /** Starts a broker whose certificate the PKI signs; Moquette's small state files go to {@code dataDir}. */
    public static TestBroker start(TestPki pki, Path dataDir) {
        CertificateAuthority.Issued cert = pki.serverCertificate();
        try {
            SslContext tls = SslContextBuilder.forServer(cert.privateKey(), cert.certificate(), pki.caCertificate())
                    .trustManager(pki.caCertificate())
                    .clientAuth(ClientAuth.REQUIRE)
                    .sslProvider(SslProvider.JDK)
                    .build();
            TestBroker broker = new TestBroker(tls, freePort(), dataDir);
            broker.startServer();
            return broker;
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    public int port() {
        return port;
    }

    /** Starts the broker again after {@link #stop()}, with no sessions. */
    public synchronized void startServer() {
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", "disabled");
        p.setProperty("websocket_port", "disabled");
        p.setProperty("ssl_port", Integer.toString(port));
        p.setProperty("need_client_auth", "true");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("data_path", dataDir.toString());
        // Moquette reports usage to its authors' server unless told not to: tests talk to loopback only.
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("use_metrics", "false");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        Server s = new Server();
        try {
            s.startServer(new MemoryConfig(p), List.of(), () -> tls, null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = s;
    }

    /** Stops the broker; every connection drops and every session is lost. */
    public synchronized void stop() {
        if (server != null) {
            server.stopServer();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
