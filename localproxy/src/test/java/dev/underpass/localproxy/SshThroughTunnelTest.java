package dev.underpass.localproxy;

import static dev.underpass.localproxy.SourceToDestinationTest.awaitReady;
import static dev.underpass.localproxy.testing.Proxies.destination;
import static dev.underpass.localproxy.testing.Proxies.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.localproxy.testing.TestRelay;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class SshThroughTunnelTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    @TempDir
    Path dir;

    @Test
    void twoSshSessionsAtOnceRunCommandsThroughTheTunnel() throws Exception {
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(dir.resolve("host.key")));
        sshd.setPasswordAuthenticator((user, password, session) -> "pw".equals(password));
        sshd.setCommandFactory(new ProcessShellCommandFactory());
        sshd.start();
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.start();
        try (TestRelay relay = TestRelay.start("SSH");
                LocalProxy dst = LocalProxy.start(destination(relay)
                        .destination("SSH", new HostPort("127.0.0.1", sshd.getPort())).build());
                LocalProxy src = LocalProxy.start(source(relay).listenPort("SSH", 0).build())) {
            awaitReady(dst, src);
            int port = src.sourcePort("SSH");
            try (ClientSession one = login(client, port); ClientSession two = login(client, port)) {
                assertThat(one.executeRemoteCommand("echo one")).isEqualTo("one\n");
                assertThat(two.executeRemoteCommand("head -c 300000 /dev/zero | wc -c").strip()).isEqualTo("300000");
            }
        } finally {
            client.stop();
            sshd.stop(true);
        }
    }

    private static ClientSession login(SshClient client, int port) throws Exception {
        ClientSession session = client.connect("user", "127.0.0.1", port).verify(TIMEOUT).getSession();
        session.addPasswordIdentity("pw");
        session.auth().verify(TIMEOUT);
        return session;
    }
}
