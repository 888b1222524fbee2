package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.localproxy.HostPort;
import dev.underpass.protocol.testing.EchoServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SshProbeTest {

    @Test
    void a_server_sending_an_ssh_banner_is_an_ssh_server() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread banner = new Thread(() -> {
                try (Socket client = server.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("SSH-2.0-Test\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    client.getInputStream().read(); // until the probe hangs up
                } catch (IOException e) {
                    // the probe hung up
                }
            });
            banner.start();
            assertThat(SshProbe.answers(new HostPort("127.0.0.1", server.getLocalPort()))).isTrue();
            banner.join();
        }
    }

    @Test
    void a_silent_server_or_a_closed_port_is_not() throws Exception {
        int closed;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = server.getLocalPort();
        }
        assertThat(SshProbe.answers(new HostPort("127.0.0.1", closed))).isFalse();
        try (EchoServer silent = EchoServer.start()) {
            assertThat(SshProbe.answers(new HostPort("127.0.0.1", silent.port()))).isFalse();
        }
    }
}
