package dev.underpass.agent.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.agent.Agent;
import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.testing.AgentConfigs;
import dev.underpass.agent.testing.Fixtures;
import dev.underpass.agent.testing.LogCapture;
import dev.underpass.agent.testing.TestBroker;
import dev.underpass.agent.testing.TestPki;
import dev.underpass.localproxy.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent's side of mutual TLS against a broker that requires client certificates. */
@ExtendWith(Fixtures.class)
class MutualTlsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void anAgentWithAnRsaKeyInPkcs1FormAsAwsHandsThemOutConnects(TestPki pki, TestBroker broker) throws IOException {
        TestPki.Device device = pki.deviceWithRsaKey("rsa-device");
        assertThat(Files.readString(device.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        try (Agent agent = Agent.start(AgentConfig.builder("rsa-device",
                new HostPort("localhost", broker.port()))
                .credentials(device.certificate(), device.privateKey(), device.rootCa()).build())) {
            await().atMost(WAIT).until(agent::connected);
        }
    }

    @Test
    void anAgentWhoseCertificateAnotherCaSignedIsRefusedAndKeepsRetrying(TestPki pki, TestBroker broker,
            @TempDir Path dir) {
        TestPki.Device stranger = TestPki.create(dir, "other-ca").device("stranger-device");
        try (LogCapture logs = LogCapture.open();
                Agent agent = Agent.start(AgentConfigs.forThing(pki, broker, null, "stranger-device")
                        .credentials(stranger.certificate(), stranger.privateKey(), pki.caFile()).build())) {
            await().atMost(WAIT).until(() -> logs.matching("MQTT connection to", "failed").size() >= 3);
            assertThat(agent.connected()).isFalse();
        }
    }

    @Test
    void theTestBrokerRefusesAClientWithoutACertificate(TestPki pki, TestBroker broker) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        int answer;
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                broker.port())) {
            socket.setSoTimeout(10_000);
            byte[] connect = {0x10, 13, 0, 4, 'M', 'Q', 'T', 'T', 4, 2, 0, 60, 0, 1, 'x'};
            socket.getOutputStream().write(connect);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            answer = in.read();
        } catch (IOException e) {
            answer = -1; // the handshake or the first read failed: refused
        }
        assertThat(answer).as("a CONNACK (0x20) means the broker let the client in").isEqualTo(-1);
    }
}
