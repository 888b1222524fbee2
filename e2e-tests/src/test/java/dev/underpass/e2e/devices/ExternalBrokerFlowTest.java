package dev.underpass.e2e.devices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.agent.Agent;
import dev.underpass.agent.config.AgentConfig;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.devices.MqttConfig;
import dev.underpass.server.mqtt.notify.ExternalBrokerSettings;
import dev.underpass.server.mqtt.testing.Mosquitto;
import dev.underpass.server.pki.CertificateAuthority;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * External-broker mode against Debian's Mosquitto, run by the test with TLS and required client certificates of the
 * server's device CA: the server publishes to it with a certificate of its own, the agent of a registered thing is
 * connected to it, receives the notification and the tunnel carries an SSH session.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(120)
class ExternalBrokerFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void anAgentOnTheUsersMosquittoReceivesTheNotificationAndTheTunnelWorks() throws Exception {
        // The server's two CAs exist before it starts, so that Mosquitto can be set up with them first.
        Path dataDir = dir.resolve("server");
        Files.createDirectories(dataDir);
        CertificateAuthority rootCa = CertificateAuthority.loadOrCreate(dataDir, "ca", "Underpass Root CA",
                Clock.systemUTC());
        DeviceCertificateAuthority deviceCa = DeviceCertificateAuthority.loadOrCreate(dataDir, Clock.systemUTC());
        DeviceCertificateAuthority.DeviceCredentials publisher = deviceCa.issue("underpass-server");
        Path publisherCert = Files.writeString(dir.resolve("publisher.pem"), publisher.certificatePem());
        Path publisherKey = Files.writeString(dir.resolve("publisher-key.pem"), publisher.privateKeyPem());

        try (Mosquitto mosquitto = Mosquitto.tls(dir.resolve("mosquitto"), rootCa.issueServerCertificate(
                        "localhost", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1)),
                        rootCa.certificate(), deviceCa.certificate());
                TestServer server = TestServer.start(dataDir, config -> config.withMqtt(new MqttConfig(
                        MqttConfig.Mode.EXTERNAL, 0, new ExternalBrokerSettings(
                                URI.create("mqtts://localhost:" + mosquitto.port()), "underpass-server", null, null,
                                rootCa.certificateFile(), publisherCert, publisherKey))));
                Registry registry = new Registry(server);
                SshServerFixture sshd = SshServerFixture.start()) {
            assertThat(server.server().mqttPort()).as("no embedded broker in external mode").isZero();
            Registry.DeviceFiles device = registry.register("robot-external", dir);
            AgentConfig config = AgentConfig.builder("robot-external", new HostPort("localhost", mosquitto.port()))
                    .credentials(device.certificate(), device.privateKey(), device.rootCa())
                    .tunnelEndpoint(ProxyEndpoint.parse("localhost:" + server.port()))
                    .service("ssh", new HostPort("127.0.0.1", sshd.port()))
                    .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500))
                    .build();
            try (Agent agent = Agent.start(config)) {
                await().atMost(WAIT).until(agent::connected);
                await().atMost(WAIT).until(() -> server.server().devices().ready());
                OpenTunnelResponse tunnel = server.api().openTunnel(b -> b.destinationConfig(
                        d -> d.thingName("robot-external").services("ssh")));
                await().atMost(WAIT).until(() -> agent.activeTunnels().size() == 1);
                try (LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ssh")) {
                    assertThat(SshCommand.run(source.sourcePort("ssh"), "echo via mosquitto"))
                            .isEqualTo("via mosquitto\n");
                }
                server.api().closeTunnel(b -> b.tunnelId(tunnel.tunnelId()));
                await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
            }
        }
    }
}
