package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * A connection that cannot be carried (no destination yet, or a service the destination cannot reach) is closed at
 * once instead of hanging, and the tunnel carries the next connection once the other end is there.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServiceAvailabilityTest {
    private static final int READ_TIMEOUT_MILLIS = 20_000;

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aConnectionBeforeTheDestinationIsThereIsClosedAndOneAfterItJoinedWorks() throws Exception {
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
        try (EchoServer echo = EchoServer.start();
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ECHO")) {
            int port = source.sourcePort("ECHO");

            assertClosedByTheTunnel(port);

            try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                    Map.of("ECHO", echo.port()))) {
                // ready() is enough: the relay flushes SERVICE_IDS only once the destination is attached, so a
                // destination that has them is already the tunnel's current one.
                assertEchoes(port);
            }
        }
    }

    @Test
    void aConnectionToAServiceTheDestinationCannotReachIsClosedAndTheTunnelStaysUsable() throws Exception {
        int unreachable = freePort();
        OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
        try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                Map.of("ECHO", unreachable));
             LocalProxy source = Proxies.source(server, tunnel.sourceAccessToken(), "ECHO")) {
            int port = source.sourcePort("ECHO");

            assertClosedByTheTunnel(port);
            assertClosedByTheTunnel(port);

            try (EchoServer echo = EchoServer.start(unreachable)) {
                assertEchoes(port);
            }
        }
    }

    /** Connects to the source port, sends a little, and expects the connection to end without an answer. */
    private static void assertClosedByTheTunnel(int port) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            socket.getOutputStream().write("anyone there?".getBytes());
            InputStream in = socket.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketException reset) {
                read = -1; // a reset ends it as well as an orderly close
            }
            assertThat(read).as("the connection ends without data").isEqualTo(-1);
        }
    }

    private static void assertEchoes(int port) throws InterruptedException {
        ChecksumTransfer.Result result = ChecksumTransfer.to(port, 2, 64 * 1024, 11).run(Duration.ofSeconds(30));
        assertThat(result.problems()).isEmpty();
        assertThat(result.verified()).isEqualTo(2);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
