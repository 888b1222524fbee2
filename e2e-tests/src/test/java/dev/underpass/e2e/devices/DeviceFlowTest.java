package dev.underpass.e2e.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.agent.Agent;
import dev.underpass.agent.config.AgentConfig;
import dev.underpass.e2e.support.HttpService;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.mqtt.testing.TestPki;
import dev.underpass.server.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The device flow of issue 3 with nothing by hand: a thing registered through the registry API, the real agent with
 * the issued files, tunnels opened with the real AWS SDK client, MQTT through the server's three device entries.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(120)
class DeviceFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static TestServer server;
    static Registry registry;
    static SshServerFixture sshd;
    static HttpService http;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir.resolve("server"));
        registry = new Registry(server);
        sshd = SshServerFixture.start();
        http = HttpService.start();
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        sshd.close();
        registry.close();
        server.close();
    }

    private static AgentConfig agentConfig(Registry.DeviceFiles device) {
        return AgentConfig.builder(device.thingName(), new HostPort("localhost", server.server().mqttPort()))
                .credentials(device.certificate(), device.privateKey(), device.rootCa())
                .tunnelEndpoint(ProxyEndpoint.parse("localhost:" + server.port()))
                .service("ssh", new HostPort("127.0.0.1", sshd.port()))
                .service("web", new HostPort("127.0.0.1", http.port()))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                .build();
    }

    private static OpenTunnelResponse open(String thing, String... services) {
        return server.api().openTunnel(b -> b.destinationConfig(d -> d.thingName(thing).services(services)));
    }

    @Test
    void aRegisteredThingsAgentCarriesAnSshSessionAndAnHttpRequestThroughATunnelOpenedForIt() throws Exception {
        Registry.DeviceFiles device = registry.register("robot-flow", dir);
        try (Agent agent = Agent.start(agentConfig(device))) {
            await().atMost(WAIT).until(agent::connected);
            OpenTunnelResponse tunnel = open("robot-flow", "ssh", "web");
            await().atMost(WAIT).until(() -> agent.activeTunnels().size() == 1);
            try (LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ssh", "web")) {
                assertThat(SshCommand.run(source.sourcePort("ssh"), "echo through the device flow"))
                        .isEqualTo("through the device flow\n");
                assertThat(HttpService.get(source.sourcePort("web"), "/status"))
                        .isEqualTo(HttpService.expectedBody("/status"));
            }
            server.api().closeTunnel(b -> b.tunnelId(tunnel.tunnelId()));
            await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
        }
    }

    @Test
    void aTunnelOpenedWhileTheAgentIsDownWorksOnceTheAgentStarts() throws Exception {
        Registry.DeviceFiles device = registry.register("robot-offline", dir);
        try (Agent first = Agent.start(agentConfig(device))) {
            await().atMost(WAIT).until(first::connected); // creates the persistent session
        }
        OpenTunnelResponse tunnel = open("robot-offline", "ssh");
        try (Agent later = Agent.start(agentConfig(device))) {
            await().atMost(WAIT).until(() -> later.activeTunnels().size() == 1);
            try (LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ssh")) {
                assertThat(SshCommand.run(source.sourcePort("ssh"), "echo queued while away"))
                        .isEqualTo("queued while away\n");
            }
            server.api().closeTunnel(b -> b.tunnelId(tunnel.tunnelId()));
            await().atMost(WAIT).until(() -> later.activeTunnels().isEmpty());
        }
    }

    @Test
    void viaAlpnOnTheHttpsPortAndViaWebSocketAtMqttDevicesReceiveTheirNotifications() throws Exception {
        Registry.DeviceFiles alpnDevice = registry.register("robot-alpn", dir);
        Registry.DeviceFiles wsDevice = registry.register("robot-ws", dir);
        MqttClient alpn = PahoDevices.alpn(alpnDevice, "robot-alpn", server.port());
        MqttClient ws = PahoDevices.webSocket(wsDevice, "robot-ws", server.port());
        try {
            BlockingQueue<String> alpnMessages = subscribe(alpn, "robot-alpn");
            BlockingQueue<String> wsMessages = subscribe(ws, "robot-ws");
            OpenTunnelResponse forAlpn = open("robot-alpn", "ssh");
            OpenTunnelResponse forWs = open("robot-ws", "ssh", "web");

            JsonNode viaAlpn = JSON.readTree(alpnMessages.poll(30, TimeUnit.SECONDS));
            assertThat(viaAlpn.get("clientAccessToken").asText()).isEqualTo(forAlpn.destinationAccessToken());
            assertThat(viaAlpn.get("clientMode").asText()).isEqualTo("destination");
            JsonNode viaWs = JSON.readTree(wsMessages.poll(30, TimeUnit.SECONDS));
            assertThat(viaWs.get("clientAccessToken").asText()).isEqualTo(forWs.destinationAccessToken());
            assertThat(viaWs.get("services")).hasSize(2);
        } finally {
            close(alpn);
            close(ws);
        }
    }

    @Test
    void theBrokerRefusesAnotherCaADeactivatedCertificateAndAClientIdThatIsNotTheThing() throws Exception {
        int mqtt = server.server().mqttPort();
        // A client id other than the certificate's thing.
        Registry.DeviceFiles device = registry.register("robot-strict", dir);
        assertThatThrownBy(() -> PahoDevices.tls(device, "robot-impostor", mqtt))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .isEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));

        // A certificate of another CA, for a registered thing name.
        TestPki rogue = TestPki.create(dir.resolve("rogue"), "rogue-ca");
        TestPki.Device forged = rogue.device("robot-strict");
        Path cert = dir.resolve("rogue/robot-strict.cert.pem");
        Path key = dir.resolve("rogue/robot-strict.private.key");
        Pem.writeCertificate(cert, forged.certificate());
        Pem.writePrivateKey(key, forged.key());
        Registry.DeviceFiles rogueFiles = new Registry.DeviceFiles("robot-strict", "none", cert, key,
                device.rootCa());
        assertThatThrownBy(() -> PahoDevices.tls(rogueFiles, "robot-strict", mqtt))
                .isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode())
                        .isNotEqualTo(MqttException.REASON_CODE_INVALID_CLIENT_ID));

        // The real device connects; deactivating its certificate drops it and refuses it from then on.
        MqttClient client = PahoDevices.tls(device, "robot-strict", mqtt);
        try {
            registry.deactivate(device.certificateId());
            await().atMost(WAIT).until(() -> !client.isConnected());
            assertThatThrownBy(() -> PahoDevices.tls(device, "robot-strict", mqtt))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_NOT_AUTHORIZED));
        } finally {
            client.close(true);
        }
    }

    @Test
    void aDeviceGetsNothingOfAnotherThingAndCannotForgeANotification() throws Exception {
        int mqtt = server.server().mqttPort();
        Registry.DeviceFiles victimFiles = registry.register("robot-victim", dir);
        Registry.DeviceFiles nosyFiles = registry.register("robot-nosy", dir);
        MqttClient victim = PahoDevices.tls(victimFiles, "robot-victim", mqtt);
        MqttClient nosy = PahoDevices.tls(nosyFiles, "robot-nosy", mqtt);
        try {
            BlockingQueue<String> stolen = new LinkedBlockingQueue<>();
            assertThatThrownBy(() -> nosy.subscribe("$aws/things/robot-victim/tunnels/notify", 1,
                    (topic, message) -> stolen.add(new String(message.getPayload(), StandardCharsets.UTF_8))))
                    .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                            .isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED));
            BlockingQueue<String> own = subscribe(nosy, "robot-nosy");
            BlockingQueue<String> victimMessages = subscribe(victim, "robot-victim");

            // A forged notification (QoS 0: the broker drops a forbidden QoS 1 publish without an answer), then a
            // QoS 1 publish on an allowed topic whose acknowledgement means the forged one was handled before.
            nosy.publish("$aws/things/robot-victim/tunnels/notify",
                    "{\"clientAccessToken\":\"AQGAAXforged\",\"clientMode\":\"destination\",\"services\":[\"ssh\"]}"
                            .getBytes(StandardCharsets.UTF_8), 0, false);
            nosy.publish("$aws/things/robot-nosy/shadow/update", "{}".getBytes(StandardCharsets.UTF_8), 1, false);

            OpenTunnelResponse forVictim = open("robot-victim", "ssh");
            OpenTunnelResponse forNosy = open("robot-nosy", "ssh");
            assertThat(JSON.readTree(victimMessages.poll(30, TimeUnit.SECONDS)).get("clientAccessToken").asText())
                    .isEqualTo(forVictim.destinationAccessToken());
            assertThat(JSON.readTree(own.poll(30, TimeUnit.SECONDS)).get("clientAccessToken").asText())
                    .isEqualTo(forNosy.destinationAccessToken());
            assertThat(stolen).isEmpty();
            assertThat(own).isEmpty();
        } finally {
            close(victim);
            close(nosy);
        }
    }

    private static BlockingQueue<String> subscribe(MqttClient client, String thing) throws MqttException {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        client.subscribe("$aws/things/" + thing + "/tunnels/notify", 1,
                (topic, message) -> messages.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
        return messages;
    }

    private static void close(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

}
