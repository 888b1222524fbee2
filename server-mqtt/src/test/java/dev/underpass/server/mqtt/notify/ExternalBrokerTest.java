package dev.underpass.server.mqtt.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.underpass.protocol.Mode;
import dev.underpass.server.mqtt.ThingTopics;
import dev.underpass.server.mqtt.testing.Devices;
import dev.underpass.server.mqtt.testing.Mosquitto;
import dev.underpass.server.mqtt.testing.TestPki;
import dev.underpass.server.pki.Pem;
import dev.underpass.server.store.ConnectionState;
import dev.underpass.server.store.ConnectionStatus;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.Tunnel;
import dev.underpass.server.store.TunnelStatus;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The notifier publishing to a real Mosquitto, plain and over mutual TLS, as devices on that broker see it. */
@Timeout(60)
class ExternalBrokerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<NotifyObserver.Outcome> outcomes = new CopyOnWriteArrayList<>();

    @Test
    void aTunnelOpenedForAThingIsPublishedOnItsNotifyTopicAsSpecFiveSays() throws Exception {
        try (Mosquitto mosquitto = Mosquitto.plain(dir);
                ExternalBrokerPublisher publisher = ExternalBrokerPublisher.start(new ExternalBrokerSettings(
                        URI.create("mqtt://127.0.0.1:" + mosquitto.port()), "underpass-test", null, null, null, null,
                        null));
                TunnelNotifier notifier = new TunnelNotifier(publisher, "eu-central-1", outcomes::add)) {
            Mqtt3BlockingClient device = Mqtt3Client.builder().identifier("ext-thing").serverHost("127.0.0.1")
                    .serverPort(mosquitto.port()).buildBlocking();
            device.connect();
            try (Mqtt3Publishes publishes = device.publishes(MqttGlobalPublishFilter.ALL)) {
                device.subscribeWith().topicFilter(ThingTopics.notifyTopic("ext-thing")).qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                await().atMost(Duration.ofSeconds(20)).until(publisher::ready);

                notifier.tunnelOpened(tunnel("ext-thing", List.of("ssh", "web")), "AQGAAXdestinationToken");
                Mqtt3Publish publish = publishes.receive(20, TimeUnit.SECONDS).orElseThrow();
                assertThat(publish.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
                assertThat(publish.isRetain()).isFalse();
                assertThat(new String(publish.getPayloadAsBytes())).isEqualTo("{\"clientAccessToken\":"
                        + "\"AQGAAXdestinationToken\",\"clientMode\":\"destination\",\"region\":\"eu-central-1\","
                        + "\"services\":[\"ssh\",\"web\"]}");

                notifier.tokensRotated(tunnel("ext-thing", List.of("ssh")), Set.of(Mode.DESTINATION),
                        "AQGAAXrotatedToken");
                JsonNode rotated = JSON.readTree(publishes.receive(20, TimeUnit.SECONDS).orElseThrow()
                        .getPayloadAsBytes());
                assertThat(rotated.get("clientAccessToken").asText()).isEqualTo("AQGAAXrotatedToken");

                // No thing, or a rotation without a new destination token: nothing is published.
                notifier.tunnelOpened(tunnel(null, List.of("ssh")), "AQGAAXnoThing");
                notifier.tokensRotated(tunnel("ext-thing", List.of("ssh")), Set.of(Mode.SOURCE), null);
                notifier.tunnelOpened(tunnel("ext-thing", List.of("vnc")), "AQGAAXlast");
                JsonNode last = JSON.readTree(publishes.receive(20, TimeUnit.SECONDS).orElseThrow()
                        .getPayloadAsBytes());
                assertThat(last.get("clientAccessToken").asText()).isEqualTo("AQGAAXlast");
                await().until(() -> outcomes.size() == 3);
                assertThat(outcomes).containsOnly(NotifyObserver.Outcome.DELIVERED);
            } finally {
                device.disconnect();
            }
        }
    }

    @Test
    void theServerPublishesOverMutualTlsWithItsOwnClientCertificate() throws Exception {
        TestPki pki = TestPki.create(dir.resolve("pki"), "broker-clients");
        TestPki.Device server = pki.device("underpass-server");
        Path cert = dir.resolve("client.pem");
        Path key = dir.resolve("client-key.pem");
        Pem.writeCertificate(cert, server.certificate());
        Pem.writePrivateKey(key, server.key());
        TestPki.Device device = pki.device("tls-thing");
        try (Mosquitto mosquitto = Mosquitto.tls(dir.resolve("mosquitto"), pki.serverCertificate(), pki.serverCa(),
                pki.deviceCa());
                ExternalBrokerPublisher publisher = ExternalBrokerPublisher.start(new ExternalBrokerSettings(
                        URI.create("mqtts://localhost:" + mosquitto.port()), "underpass-test", null, null,
                        pki.serverCaFile(), cert, key));
                TunnelNotifier notifier = new TunnelNotifier(publisher, "us-east-1", outcomes::add)) {
            Mqtt3BlockingClient client = Devices.client(device, "tls-thing", mosquitto.port());
            client.connect();
            try (Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
                client.subscribeWith().topicFilter(ThingTopics.notifyTopic("tls-thing")).qos(MqttQos.AT_LEAST_ONCE)
                        .send();
                await().atMost(Duration.ofSeconds(20)).until(publisher::ready);
                notifier.tunnelOpened(tunnel("tls-thing", List.of("ssh")), "AQGAAXoverTls");
                Optional<Mqtt3Publish> publish = publishes.receive(20, TimeUnit.SECONDS);
                assertThat(JSON.readTree(publish.orElseThrow().getPayloadAsBytes()).get("clientAccessToken").asText())
                        .isEqualTo("AQGAAXoverTls");
            } finally {
                client.disconnect();
            }
        }
    }

    @Test
    void aNotificationWhileTheBrokerIsDownFailsAndIsCounted() {
        try (ExternalBrokerPublisher publisher = ExternalBrokerPublisher.start(new ExternalBrokerSettings(
                URI.create("mqtt://127.0.0.1:1"), "underpass-test", null, null, null, null, null));
                TunnelNotifier notifier = new TunnelNotifier(publisher, "us-east-1", outcomes::add)) {
            assertThat(publisher.ready()).isFalse();
            notifier.tunnelOpened(tunnel("down-thing", List.of("ssh")), "AQGAAXnobody");
            await().atMost(Duration.ofSeconds(20)).until(() -> outcomes.contains(NotifyObserver.Outcome.FAILED));
        }
    }

    private static Tunnel tunnel(String thing, List<String> services) {
        Instant now = Instant.now();
        ConnectionState disconnected = new ConnectionState(ConnectionStatus.DISCONNECTED, now);
        return new Tunnel("tunnel-1", "arn:aws:iot:us-east-1:000000000000:tunnel/tunnel-1", TunnelStatus.OPEN, null,
                new DestinationConfig(thing, services), 720, Map.of(), disconnected, disconnected, now, now,
                now.plusSeconds(3600), null);
    }
}
