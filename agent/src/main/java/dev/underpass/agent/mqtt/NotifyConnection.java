package dev.underpass.agent.mqtt;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttSessionExpiredException;
import com.hivemq.client.mqtt.lifecycle.MqttClientConnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttClientReconnector;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.lifecycle.Mqtt3ClientConnectedContext;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import dev.underpass.agent.config.AgentConfig;
import io.reactivex.disposables.Disposable;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's MQTT session, as the AWS IoT Device Client keeps it: MQTT 3.1.1 over TLS with the device
 * certificate, client id = thing name, a persistent session (clean session off) so notifications published while the
 * device is away are queued by the broker, and a QoS 1 subscription to the thing's notify topic. It reconnects
 * forever with {@link ReconnectBackoff}, and subscribes again whenever the broker did not keep the session.
 *
 * <p>Payloads on the notify topic go to the listener one at a time, in order, on the MQTT client's callback thread;
 * a message is acknowledged when the listener returns, so the listener must not block (starting a proxy does not),
 * and a notification whose handling was cut short by a crash is delivered again. Messages on other topics are
 * dropped.
 */
public final class NotifyConnection implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyConnection.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Mqtt3AsyncClient client;
    private final String endpoint;
    private final String topic;
    private final ReconnectBackoff backoff;
    private final Consumer<byte[]> listener;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean up;
    private volatile boolean subscribed;
    /** Whether the broker's current session holds our subscription (false at start: a stored one may be stale). */
    private volatile boolean sessionSubscribed;
    private volatile CompletableFuture<Void> pendingReconnect;
    private volatile Disposable publishes;

    private NotifyConnection(AgentConfig config, DeviceTls tls, Consumer<byte[]> listener, RandomGenerator random) {
        this.endpoint = config.mqttEndpoint().toString();
        this.topic = config.notifyTopic();
        this.listener = listener;
        this.backoff = new ReconnectBackoff(config.reconnectDelay(), config.maxReconnectDelay(), random);
        this.client = Mqtt3Client.builder()
                .identifier(config.thingName())
                .serverHost(config.mqttEndpoint().host())
                .serverPort(config.mqttEndpoint().port())
                .sslConfig()
                    .keyManagerFactory(tls.keyManagers())
                    .trustManagerFactory(tls.trustManagers())
                    .applySslConfig()
                .addConnectedListener(this::connected)
                .addDisconnectedListener(this::disconnected)
                .buildAsync();
    }

    /** Starts connecting; returns at once. Connection failures are logged and retried, never thrown. */
    public static NotifyConnection start(AgentConfig config, DeviceTls tls, Consumer<byte[]> listener,
            RandomGenerator random) {
        NotifyConnection connection = new NotifyConnection(config, tls, listener, random);
        // Registered before connecting: a resumed session delivers its queued notifications before any SUBSCRIBE.
        // The client ends this flow when the broker lost the session; retry() registers it again.
        connection.publishes = connection.client.toRx().publishes(MqttGlobalPublishFilter.ALL)
                .retry(e -> e instanceof MqttSessionExpiredException && !connection.closed.get())
                .subscribe(connection::received, e -> LOG.error("no more notifications can arrive: {}", e.toString()));
        connection.client.connectWith()
                .cleanSession(false)
                .keepAlive((int) config.keepAlive().toSeconds())
                .send()
                .whenComplete((ack, error) -> {
                    if (error != null) {
                        LOG.debug("first MQTT connect failed; the disconnect listener retries", error);
                    }
                });
        return connection;
    }

    /** Whether the session is up and the notify topic subscribed: notifications arrive now. */
    public boolean subscribed() {
        return subscribed;
    }

    private void connected(MqttClientConnectedContext context) {
        if (closed.get()) {
            client.disconnect(); // a connect that was under way when close() ran
            return;
        }
        up = true;
        boolean resumed = ((Mqtt3ClientConnectedContext) context).getConnAck().isSessionPresent();
        LOG.info("connected to MQTT broker {} ({})", endpoint, resumed ? "session resumed" : "new session");
        if (!resumed) {
            sessionSubscribed = false;
        }
        if (sessionSubscribed) {
            subscribed = true; // the broker kept the subscription with the session
            return;
        }
        client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send()
                .whenComplete(this::subscribeDone);
    }

    private void subscribeDone(Mqtt3SubAck ack, Throwable error) {
        if (error != null) {
            LOG.warn("subscribing to {} failed: {}; trying again after reconnecting", topic, error.getMessage());
        } else if (ack.getReturnCodes().stream().anyMatch(code -> code.isError())) {
            LOG.error("the broker refused the subscription to {}: the device's policy must allow it; no tunnel "
                    + "notification can arrive until it does and the agent reconnects", topic);
        } else {
            sessionSubscribed = true;
            subscribed = true;
            LOG.info("subscribed to {}", topic);
        }
    }

    private void disconnected(MqttClientDisconnectedContext context) {
        boolean lost = up;
        up = false;
        subscribed = false;
        if (closed.get()) {
            stopped.complete(null);
            return;
        }
        MqttClientReconnector reconnector = context.getReconnector();
        int attempt = reconnector.getAttempts();
        Duration delay = backoff.delay(attempt);
        LOG.warn("MQTT connection to {} {}: {}; retrying in {} ms", endpoint, lost ? "lost" : "failed",
                describe(context.getCause()), delay.toMillis());
        CompletableFuture<Void> wait = new CompletableFuture<>();
        pendingReconnect = wait;
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> wait.complete(null));
        reconnector.resubscribeIfSessionExpired(false).reconnectWhen(wait, (ignored, error) -> {
            if (closed.get()) {
                reconnector.reconnect(false);
                stopped.complete(null);
            }
        });
        if (closed.get()) {
            wait.complete(null); // close() ran meanwhile and may have missed this wait
        }
    }

    private void received(Mqtt3Publish publish) {
        if (!publish.getTopic().toString().equals(topic)) {
            LOG.debug("dropped a message on {}", publish.getTopic());
            return;
        }
        try {
            listener.accept(publish.getPayloadAsBytes());
        } catch (RuntimeException e) {
            LOG.error("handling a notification failed", e);
        }
    }

    private static String describe(Throwable cause) {
        if (cause == null) {
            return "no reason given";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == cause ? message : cause.getClass().getSimpleName() + ": " + message;
    }

    /** Disconnects (keeping the broker's session, so notifications queue until the next start) and stops retrying. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> wait = pendingReconnect;
        if (wait != null) {
            wait.complete(null);
        }
        client.disconnect().whenComplete((ok, error) -> {
            if (error == null) {
                stopped.complete(null);
            }
            // otherwise not connected: the disconnect listener or the reconnect callback completes stopped
        });
        try {
            stopped.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.debug("the MQTT client did not stop within {} s", CLOSE_TIMEOUT_SECONDS);
        } finally {
            publishes.dispose();
        }
    }
}
