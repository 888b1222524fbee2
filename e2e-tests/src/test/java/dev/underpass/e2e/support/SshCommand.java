package dev.underpass.e2e.support;

import java.io.IOException;
import java.time.Duration;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;

/** Runs one command over SSH (Apache MINA SSHD's client) against a local port, as an operator would with ssh -p. */
public final class SshCommand {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private SshCommand() {
    }

    /** Connects to 127.0.0.1:port, authenticates with the fixture's password, runs the command, returns its stdout. */
    public static String run(int port, String command) throws IOException {
        SshClient client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY); // ignore ~/.ssh/config
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER); // and ~/.ssh/id_*
        client.start();
        try (ClientSession session = client.connect(SshServerFixture.USER, "127.0.0.1", port)
                .verify(STEP_TIMEOUT)
                .getSession()) {
            session.addPasswordIdentity(SshServerFixture.PASSWORD);
            session.auth().verify(STEP_TIMEOUT);
            return session.executeRemoteCommand(command);
        } finally {
            client.stop();
        }
    }
}
