package dev.underpass.server.mqtt.broker;

import dev.underpass.server.mqtt.notify.NotificationPublisher;
import io.moquette.broker.RoutingResults;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded MQTT broker: Moquette on a plain TCP port on 127.0.0.1 that only the device gate dials. Devices never
 * reach it directly: every connection must log in as its thing (the client id) with a secret made at start and known
 * only to this process ({@link GateAuthenticator}), and {@link ThingAcl} keeps each thing to its own topics.
 * Sessions and queued QoS 1 messages persist in {@code dataDir}, so a device that was away gets its notifications
 * when it comes back, even across a server restart.
 */
public final class EmbeddedBroker implements NotificationPublisher, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** AWS IoT's limit for one MQTT message. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    /** The client id the server publishes as; not a valid thing name, so no device can take it. */
    static final String SERVER_CLIENT_ID = "underpass/server";

    private final Server server;
    private final String secret;
    private final int port;

    private EmbeddedBroker(Server server, String secret, int port) {
        this.server = server;
        this.secret = secret;
        this.port = port;
    }

    /** Starts the broker with its state in {@code dataDir} (created if absent). */
    public static EmbeddedBroker start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the MQTT data directory " + dataDir, e);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        // A port picked here: Moquette's own port lookup races with its bind listener when asked for port 0.
        int port = freeLoopbackPort();
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        // No ssl_port: TLS is the gate's; setting it at all (even "disabled") makes Moquette look for a keystore.
        p.setProperty("allow_anonymous", "false");
        p.setProperty("allow_zero_byte_client_id", "false");
        // A resumed session's subscriptions are checked against the ACL again.
        p.setProperty("reauthorize_subscriptions_on_connect", "true");
        p.setProperty("persistence_enabled", "true");
        p.setProperty("persistent_queue_type", "h2");
        p.setProperty("data_path", dataDir.toAbsolutePath().toString());
        p.setProperty("netty.mqtt.message_size", Integer.toString(MAX_MESSAGE_BYTES));
        // Moquette reports usage and errors to third parties unless told not to; a self-hosted server never does.
        p.setProperty("telemetry_enabled", "false");
        p.setProperty("use_bugsnag", "false");
        p.setProperty("use_metrics", "false");
        Server server = new Server();
        try {
            server.startServer(new MemoryConfig(p), List.of(), null, new GateAuthenticator(secret),
                    new ThingAcl());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded MQTT broker: " + e.getMessage(), e);
        }
        if (!listening(port)) {
            server.stopServer();
            throw new IllegalStateException("the embedded MQTT broker did not start listening on 127.0.0.1:" + port
                    + " (see the log above)");
        }
        EmbeddedBroker broker = new EmbeddedBroker(server, secret, port);
        LOG.info("embedded MQTT broker on 127.0.0.1:{}, state in {}", broker.port, dataDir);
        return broker;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port for the embedded MQTT broker", e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The loopback port the gate forwards to. */
    public int port() {
        return port;
    }

    /** The password every gated connection presents; never logged. */
    public String secret() {
        return secret;
    }

    /** Drops the thing's live connection, if any (its persistent session stays). */
    public void disconnect(String thingName) {
        server.disconnectClient(thingName);
    }

    /** QoS 1, not retained; completes when every subscriber's session took it (online or queued). */
    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(topic, 0), Unpooled.wrappedBuffer(payload));
        RoutingResults results = server.internalPublish(message, SERVER_CLIENT_ID);
        if (results.isAllFailed()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the broker could not route the "
                    + "message to any session: " + results));
        }
        return results.completableFuture();
    }

    @Override
    public boolean ready() {
        return true;
    }

    @Override
    public String describe() {
        return "embedded broker";
    }

    @Override
    public void close() {
        server.stopServer();
    }
}
