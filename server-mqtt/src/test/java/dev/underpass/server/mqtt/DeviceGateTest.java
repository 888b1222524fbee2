package dev.underpass.server.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient.Mqtt3Publishes;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3SubAckException;
import com.hivemq.client.mqtt.mqtt3.message.connect.connack.Mqtt3ConnAckReturnCode;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.mqtt.gate.GateObserver;
import dev.underpass.server.mqtt.testing.Devices;
import dev.underpass.server.mqtt.testing.GateServer;
import dev.underpass.server.mqtt.testing.InMemoryDirectory;
import dev.underpass.server.mqtt.testing.TestPki;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Devices against the gate and the embedded broker over real TLS sockets, with HiveMQ's MQTT client. */
@ExtendWith(NettyLeakGuard.class)
@Timeout(60)
class DeviceGateTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dir;
    static TestPki pki;
    static InMemoryDirectory directory = new InMemoryDirectory();
    static List<String> refusals = new CopyOnWriteArrayList<>();
    static GateServer server;

    @BeforeAll
    static void start() throws Exception {
        pki = TestPki.create(dir.resolve("pki"), "device-ca");
        server = GateServer.start(pki, directory, dir.resolve("mqtt"), new GateObserver() {
            @Override
            public void admitted() {
            }

            @Override
            public void refused(String reason) {
                refusals.add(reason);
            }
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private TestPki.Device registered(String thing) {
        TestPki.Device device = pki.device(thing);
        directory.register(thing, device.certificate());
        return device;
    }

    private static void publish(String thing, String text) throws Exception {
        server.broker().publish(ThingTopics.notifyTopic(thing), text.getBytes(StandardCharsets.UTF_8))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static String text(Optional<Mqtt3Publish> publish) {
        assertThat(publish).as("a message arrived").isPresent();
        return new String(publish.get().getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aRegisteredDeviceReceivesWhatTheServerPublishesOnItsNotifyTopic() throws Exception {
        TestPki.Device device = registered("gate-ok");
        Mqtt3BlockingClient client = Devices.client(device, "gate-ok", server.port());
        client.connectWith().cleanSession(true).send();
        try (Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            client.subscribeWith().topicFilter(ThingTopics.notifyTopic("gate-ok")).qos(MqttQos.AT_LEAST_ONCE).send();
            publish("gate-ok", "hello device");
            assertThat(text(publishes.receive(20, TimeUnit.SECONDS))).isEqualTo("hello device");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aClientIdOtherThanTheCertificatesThingIsRejected() {
        TestPki.Device device = registered("gate-id");
        Mqtt3BlockingClient client = Devices.client(device, "someone-else", server.port());
        assertThatThrownBy(() -> client.connectWith().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(
                        e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.IDENTIFIER_REJECTED));
        assertThat(refusals).contains("client_id_mismatch");
    }

    @Test
    void aDeactivatedOrUnregisteredCertificateIsNotAuthorized() {
        TestPki.Device deactivated = registered("gate-inactive");
        directory.deactivate(deactivated.certificate());
        assertThatThrownBy(() -> Devices.client(deactivated, "gate-inactive", server.port()).connectWith().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(
                        e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        TestPki.Device unknown = pki.device("gate-unknown");
        assertThatThrownBy(() -> Devices.client(unknown, "gate-unknown", server.port()).connectWith().send())
                .isInstanceOfSatisfying(Mqtt3ConnAckException.class, e -> assertThat(
                        e.getMqttMessage().getReturnCode()).isEqualTo(Mqtt3ConnAckReturnCode.NOT_AUTHORIZED));
        assertThat(refusals).contains("inactive_certificate", "unknown_certificate");
    }

    @Test
    void aCertificateFromAnotherCaFailsTheHandshake() {
        TestPki other = TestPki.create(dir.resolve("other-pki"), "other-ca");
        TestPki.Device stranger = other.device("gate-stranger");
        directory.register("gate-stranger", stranger.certificate());
        // It trusts our server CA, but its own certificate is from a CA the server does not know.
        TestPki.Device trusting = new TestPki.Device("gate-stranger", stranger.certificate(), stranger.key(),
                pki.serverCa());
        assertThatThrownBy(() -> Devices.client(trusting, "gate-stranger", server.port()).connectWith().send())
                .isNotInstanceOf(Mqtt3ConnAckException.class);
    }

    @Test
    void aDeviceCannotSubscribeToAnotherThingsTopicsButItsOwnStillWork() throws Exception {
        TestPki.Device device = registered("gate-nosy");
        Mqtt3BlockingClient client = Devices.client(device, "gate-nosy", server.port());
        client.connectWith().send();
        try (Mqtt3Publishes publishes = client.publishes(MqttGlobalPublishFilter.ALL)) {
            for (String filter : List.of(ThingTopics.notifyTopic("gate-victim"), "$aws/things/+/tunnels/notify",
                    "#")) {
                assertThatThrownBy(() -> client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                        .send()).as(filter).isInstanceOf(Mqtt3SubAckException.class);
            }
            Mqtt3SubAck own = client.subscribeWith().topicFilter(ThingTopics.notifyTopic("gate-nosy"))
                    .qos(MqttQos.AT_LEAST_ONCE).send();
            assertThat(own.getReturnCodes()).noneMatch(code -> code.isError());
            publish("gate-victim", "for the victim only");
            publish("gate-nosy", "for the nosy one");
            assertThat(text(publishes.receive(20, TimeUnit.SECONDS))).isEqualTo("for the nosy one");
        } finally {
            client.disconnect();
        }
    }

    @Test
    void aDevicesPublishToATunnelTopicReachesNoSubscriber() throws Exception {
        TestPki.Device target = registered("gate-target");
        TestPki.Device forger = registered("gate-forger");
        Mqtt3BlockingClient listener = Devices.client(target, "gate-target", server.port());
        listener.connectWith().send();
        try (Mqtt3Publishes publishes = listener.publishes(MqttGlobalPublishFilter.ALL)) {
            listener.subscribeWith().topicFilter(ThingTopics.notifyTopic("gate-target")).qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            Mqtt3BlockingClient attacker = Devices.client(forger, "gate-forger", server.port());
            attacker.connectWith().send();
            tryPublish(attacker, "gate-forger", ThingTopics.notifyTopic("gate-target"), "forged by another thing");
            tryPublish(listener, "gate-target", ThingTopics.notifyTopic("gate-target"), "forged by the thing itself");
            attacker.disconnect();
            publish("gate-target", "from the server");
            assertThat(text(publishes.receive(20, TimeUnit.SECONDS))).isEqualTo("from the server");
        } finally {
            listener.disconnect();
        }
    }

    /**
     * Publishes at QoS 0 (the broker drops a forbidden QoS 1 publish without an acknowledgement), then a QoS 1 one
     * to the client's own allowed topic: its PUBACK means the broker has handled the forbidden one before it.
     */
    private static void tryPublish(Mqtt3BlockingClient client, String thing, String topic, String text) {
        client.publishWith().topic(topic).qos(MqttQos.AT_MOST_ONCE).payload(text.getBytes(StandardCharsets.UTF_8))
                .send();
        client.publishWith().topic("$aws/things/" + thing + "/shadow/update").qos(MqttQos.AT_LEAST_ONCE)
                .payload("{}".getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void aNotificationPublishedWhileThePersistentSessionIsAwayArrivesAtTheNextConnect() throws Exception {
        TestPki.Device device = registered("gate-away");
        Mqtt3BlockingClient first = Devices.client(device, "gate-away", server.port());
        first.connectWith().cleanSession(false).send();
        first.subscribeWith().topicFilter(ThingTopics.notifyTopic("gate-away")).qos(MqttQos.AT_LEAST_ONCE).send();
        first.disconnect();
        publish("gate-away", "queued while away");

        Mqtt3BlockingClient later = Devices.client(device, "gate-away", server.port());
        try (Mqtt3Publishes publishes = later.publishes(MqttGlobalPublishFilter.ALL)) {
            assertThat(later.connectWith().cleanSession(false).send().isSessionPresent()).isTrue();
            assertThat(text(publishes.receive(20, TimeUnit.SECONDS))).isEqualTo("queued while away");
        } finally {
            later.disconnect();
        }
    }

    @Test
    void disconnectingACertificateCutsItsLiveSession() {
        TestPki.Device device = registered("gate-cut");
        Mqtt3BlockingClient client = Devices.client(device, "gate-cut", server.port());
        client.connectWith().send();
        await().atMost(WAIT).until(() -> server.entries().live().isConnected("gate-cut"));
        directory.deactivate(device.certificate());
        assertThat(server.entries().live().disconnectCertificate(CertificateIds.of(device.certificate()),
                "deactivated")).isEqualTo(1);
        await().atMost(WAIT).until(() -> !client.getState().isConnected());
        assertThatThrownBy(() -> client.connectWith().send()).isInstanceOf(Mqtt3ConnAckException.class);
    }

    @Test
    void theBrokerPortRefusesAnyoneWithoutTheGatesSecret() {
        Mqtt3BlockingClient direct = Mqtt3Client.builder().identifier("gate-direct").serverHost("127.0.0.1")
                .serverPort(server.broker().port()).buildBlocking();
        assertThatThrownBy(() -> direct.connectWith().simpleAuth().username("gate-direct")
                .password("guess".getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .isInstanceOf(Mqtt3ConnAckException.class);
        assertThatThrownBy(() -> direct.connectWith().send()).isInstanceOf(Mqtt3ConnAckException.class);
    }
}
