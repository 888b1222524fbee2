package dev.underpass.e2e.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.command.AbstractCommandSupport;
import org.apache.sshd.server.command.CommandFactory;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * A real Apache MINA SSHD server on loopback with password authentication for one user. It runs one command,
 * {@code echo WORDS}, which prints the words; anything else fails with exit status 127.
 */
public final class SshServerFixture implements AutoCloseable {
    public static final String USER = "operator";
    public static final String PASSWORD = "correct horse battery staple";

    private final SshServer server;
    private final AtomicInteger sessions = new AtomicInteger();

    private SshServerFixture(SshServer server) {
        this.server = server;
    }

    public static SshServerFixture start() throws IOException {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(); // in memory
        keys.setAlgorithm("EC");
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setCommandFactory(commandFactory());
        SshServerFixture fixture = new SshServerFixture(server);
        server.addSessionListener(new org.apache.sshd.common.session.SessionListener() {
            @Override
            public void sessionCreated(org.apache.sshd.common.session.Session session) {
                fixture.sessions.incrementAndGet();
            }
        });
        server.start();
        return fixture;
    }

    public int port() {
        return server.getPort();
    }

    /** SSH sessions accepted so far (each arrived over a tunnel in these tests). */
    public int sessionsCreated() {
        return sessions.get();
    }

    private static CommandFactory commandFactory() {
        return (channel, command) -> new AbstractCommandSupport(command, null) {
            @Override
            public void run() {
                List<String> words = CommandFactory.split(command);
                try {
                    if (!words.isEmpty() && words.get(0).equals("echo")) {
                        write(getOutputStream(), String.join(" ", words.subList(1, words.size())) + "\n");
                        onExit(0);
                    } else {
                        write(getErrorStream(), "unknown command: " + command + "\n");
                        onExit(127);
                    }
                } catch (IOException e) {
                    onExit(1, e.getMessage());
                }
            }
        };
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
