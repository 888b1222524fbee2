package dev.underpass.agent.testing;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.exceptions.MqttClientStateException;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import dev.underpass.agent.mqtt.DeviceTls;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Publishes tunnel notifications to the test broker at QoS 1, as the server will; a client certificate of its own. */
public final class Publisher implements AutoCloseable {
    private final Mqtt3BlockingClient client;

    private Publisher(Mqtt3BlockingClient client) {
        this.client = client;
    }

    private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE =
            new java.util.concurrent.atomic.AtomicInteger();

    public static Publisher connect(TestPki pki, TestBroker broker) {
        TestPki.Device identity = pki.device("underpass-server-publisher");
        DeviceTls tls = DeviceTls.load(identity.certificate(), identity.privateKey(), identity.rootCa());
        Mqtt3BlockingClient client = Mqtt3Client.builder()
                // A client id of its own per connection: two publishers with one id would take each other's session
                // over and, reconnecting automatically, keep kicking each other off (a later test's publisher too).
                .identifier(identity.thingName() + "-" + SEQUENCE.incrementAndGet())
                .serverHost("localhost")
                .serverPort(broker.port())
                .sslConfig().keyManagerFactory(tls.keyManagers()).trustManagerFactory(tls.trustManagers())
                .applySslConfig()
                .automaticReconnectWithDefaultConfig()
                .buildBlocking();
        client.connect();
        return new Publisher(client);
    }

    /** Publishes a payload on the thing's notify topic; returns when the broker acknowledged it. */
    public void publish(String thingName, byte[] payload) {
        client.publishWith().topic("$aws/things/" + thingName + "/tunnels/notify").qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).send();
    }

    public void publish(String thingName, String payload) {
        publish(thingName, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** The notification the server publishes (SPEC §5). */
    public static String notification(String token, String mode, List<String> services) {
        return "{\"clientAccessToken\": \"" + token + "\", \"clientMode\": \"" + mode + "\", \"region\": "
                + "\"us-east-1\", \"services\": [" + services.stream().map(s -> "\"" + s + "\"")
                .collect(Collectors.joining(", ")) + "]}";
    }

    public void notifyDestination(String thingName, String token, List<String> services) {
        publish(thingName, notification(token, "destination", services));
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (MqttClientStateException e) {
            // not connected (the broker went away): nothing to end
        }
    }
}
