package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.localproxy.HostPort;
import dev.underpass.protocol.testing.EchoServer;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
@Timeout(300)
class DemoTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream story = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(story, true, StandardCharsets.UTF_8);

    @Test
    void requests_and_ssh_bytes_go_through_the_tunnel_and_close_releases_every_port() throws Exception {
        try (EchoServer sshServer = EchoServer.start()) {
            Demo demo = Demo.start(settings(new DemoSettings.SshChoice(false,
                    new HostPort("127.0.0.1", sshServer.port())), 0), out);
            List<Integer> ports = new ArrayList<>();
            try {
                assertThat(story.toString(StandardCharsets.UTF_8))
                        .contains("test-thing registered; certificate ")
                        .contains("HTTP 200: Hello from test-thing's web service! You asked for / (request #1).")
                        .contains(Demo.WENT_THROUGH);
                assertThat(RequestCheck.get(demo.httpPort(), "/again").body())
                        .isEqualTo(DemoService.page("test-thing", "/again", 2));
                assertThat(echoThrough(demo.sshPort().getAsInt(), "SSH-2.0-through-the-tunnel\r\n"))
                        .isEqualTo("SSH-2.0-through-the-tunnel\r\n");
                assertThat(dir.resolve("data/test-thing/test-thing.cert.pem")).isRegularFile();
                ports.addAll(List.of(demo.serverEndpoint().getPort(), demo.servicePort(), demo.httpPort(),
                        demo.sshPort().getAsInt()));
            } finally {
                demo.close();
            }
            assertThat(demo.operatorExit()).as("the source proxy exits 0 when the tunnel closes").isCompletedWithValue(0);
            assertThat(ports).allSatisfy(port -> assertThat(listens(port)).as("port %d still listens", port).isFalse());
            assertThat(story.toString(StandardCharsets.UTF_8)).doesNotContain("underpass demo: could not");
        }
    }

    @Test
    void a_busy_server_port_fails_naming_the_step_and_leaves_nothing_running() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress("127.0.0.1", 0));
            assertThatThrownBy(() -> Demo.start(settings(DemoSettings.SshChoice.OFF, busy.getLocalPort()), out))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("step 'Server' failed: ")
                    .hasMessageContaining("in use");
        }
    }

    private DemoSettings settings(DemoSettings.SshChoice ssh, int serverPort) {
        return new DemoSettings(dir.resolve("data"), serverPort, 0, 0, "test-thing", ssh, true, false, "./underpass");
    }

    private static String echoThrough(int port, String text) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
            OutputStream output = socket.getOutputStream();
            output.write(bytes);
            output.flush();
            InputStream input = socket.getInputStream();
            return new String(input.readNBytes(bytes.length), StandardCharsets.US_ASCII);
        }
    }

    static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
