package dev.underpass.localproxy;

import static dev.underpass.localproxy.SourceToDestinationTest.awaitReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.underpass.localproxy.testing.EchoServer;
import dev.underpass.localproxy.testing.TcpClient;
import dev.underpass.localproxy.testing.TestCertificates;
import dev.underpass.localproxy.testing.TestRelay;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class TlsTest {
    @TempDir
    Path dir;

    @Test
    void theServerIsTrustedThroughTheCaFileAndDirectoryGivenByCapath() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("localhost", "127.0.0.1");
        Path caFile = certs.writePem(dir.resolve("ca.pem"));
        Path caDir = Files.createDirectory(dir.resolve("cas"));
        certs.writePem(caDir.resolve("5a1b2c3d.0"));
        Files.writeString(caDir.resolve("README"), "not a certificate");
        try (TestRelay relay = TestRelay.startTls(certs.serverContext(), "SSH1");
                EchoServer echo = EchoServer.start("tls");
                LocalProxy dst = LocalProxy.start(config(Mode.DESTINATION, "wss://127.0.0.1:" + relay.port())
                        .caPath(caDir).destination("SSH1", new HostPort("127.0.0.1", echo.port())).build());
                LocalProxy src = LocalProxy.start(config(Mode.SOURCE, "wss://localhost:" + relay.port())
                        .caPath(caFile).build())) {
            awaitReady(dst, src);
            try (TcpClient client = new TcpClient(src.sourcePort("SSH1"))) {
                assertThat(client.readLine()).isEqualTo("tls");
                byte[] data = TcpClient.randomBytes(100_000, 9);
                assertThat(client.echo(data)).isEqualTo(data);
            }
        }
    }

    @Test
    void noSslHostVerifyAcceptsAnUntrustedCertificateForAnotherHost() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("unrelated.example");
        try (TestRelay relay = TestRelay.startTls(certs.serverContext(), "SSH1");
                LocalProxy src = LocalProxy.start(config(Mode.SOURCE, "127.0.0.1:" + relay.port())
                        .insecureTls(true).build())) {
            src.ready().get(15, TimeUnit.SECONDS);
            assertThat(src.connected()).isTrue();
        }
    }

    @Test
    void anUntrustedServerIsNeverConnected() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("localhost", "127.0.0.1");
        try (TestRelay relay = TestRelay.startTls(certs.serverContext(), "SSH1");
                LocalProxy src = LocalProxy.start(config(Mode.SOURCE, "wss://localhost:" + relay.port()).build())) {
            await().atMost(15, TimeUnit.SECONDS).until(() -> relay.tlsFailures() >= 2);
            assertThat(relay.clientTokens(Mode.SOURCE)).isEmpty();
            assertThat(src.connected()).isFalse();
            assertThat(src.exit()).isNotDone();
        }
    }

    @Test
    void aCertificateTrustedThroughCapathButNamingAnotherHostIsNeverConnected() throws Exception {
        TestCertificates certs = TestCertificates.selfSigned("unrelated.example");
        Path caFile = certs.writePem(dir.resolve("other-host.pem"));
        try (TestRelay relay = TestRelay.startTls(certs.serverContext(), "SSH1");
                LocalProxy src = LocalProxy.start(config(Mode.SOURCE, "wss://localhost:" + relay.port())
                        .caPath(caFile).build())) {
            await().atMost(15, TimeUnit.SECONDS).until(() -> relay.tlsFailures() >= 2);
            assertThat(relay.clientTokens(Mode.SOURCE)).isEmpty();
            assertThat(src.connected()).isFalse();
        }
    }

    @Test
    void aCapathWithoutCertificatesIsRefusedAtStart() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertThatThrownBy(() -> LocalProxy.start(config(Mode.SOURCE, "localhost:1").caPath(empty).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
    }

    private static LocalProxyConfig.Builder config(Mode mode, String endpoint) {
        return LocalProxyConfig.builder(mode, "token", ProxyEndpoint.parse(endpoint))
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(200));
    }
}
