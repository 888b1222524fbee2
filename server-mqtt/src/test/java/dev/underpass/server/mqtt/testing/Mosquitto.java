package dev.underpass.server.mqtt.testing;

import static org.awaitility.Awaitility.await;

import dev.underpass.server.pki.CertificateAuthority;
import dev.underpass.server.pki.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * A real Mosquitto (Debian's {@code mosquitto} package) started by the test on a loopback port with a generated
 * configuration file, and stopped by {@link #close()}: plain and anonymous, or TLS requiring a client certificate.
 */
public final class Mosquitto implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"),
            Path.of("/usr/bin/mosquitto"), Path.of("/usr/local/sbin/mosquitto"));

    private final Process process;
    private final int port;

    private Mosquitto(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Anonymous MQTT on plain TCP. */
    public static Mosquitto plain(Path dir) {
        return start(dir, "allow_anonymous true\n");
    }

    /**
     * MQTT over TLS with the server certificate of {@code serverCa}, requiring client certificates issued by
     * {@code clientCa}; the client certificate's CN becomes the user name.
     */
    public static Mosquitto tls(Path dir, CertificateAuthority.Issued server, X509Certificate serverCa,
            X509Certificate clientCa) {
        Path cert = dir.resolve("mosquitto-server.pem");
        Path key = dir.resolve("mosquitto-server-key.pem");
        Path cafile = dir.resolve("mosquitto-client-ca.pem");
        Pem.writePrivateKey(key, server.privateKey());
        write(cert, Pem.toPem(server.certificate()) + Pem.toPem(serverCa));
        write(cafile, Pem.toPem(clientCa));
        return start(dir, "allow_anonymous true\n"
                + "certfile " + cert + "\nkeyfile " + key + "\ncafile " + cafile + "\n"
                + "require_certificate true\nuse_identity_as_username true\n");
    }

    private static Mosquitto start(Path dir, String listenerOptions) {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst().orElseThrow(() ->
                new IllegalStateException("Mosquitto is not installed (looked for " + CANDIDATES + "): install "
                        + "Debian's package with 'apt-get install mosquitto' (.ci/run does); these tests start it "
                        + "themselves"));
        int port = freePort();
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        // 'user': run as root, Mosquitto would switch to the user 'mosquitto', who cannot read our key files.
        write(config, "per_listener_settings true\npersistence false\nlog_dest stderr\nuser "
                + System.getProperty("user.name") + "\nlistener " + port + " 127.0.0.1\n" + listenerOptions);
        try {
            Files.createDirectories(dir);
            Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto-" + port + ".log").toFile())
                    .start();
            Mosquitto mosquitto = new Mosquitto(process, port);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                            + Files.readString(dir.resolve("mosquitto-" + port + ".log")));
                }
                return accepts(port);
            });
            return mosquitto;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
