package dev.underpass.demo;

import dev.underpass.localproxy.HostPort;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Finds out whether an SSH server answers at an address: it connects and reads the first bytes, which an SSH server
 * sends unasked ({@code SSH-2.0-…}, RFC 4253 §4.2). Anything else — refused, silent, another protocol — is "no".
 */
final class SshProbe {
    static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final byte[] BANNER = "SSH-".getBytes(StandardCharsets.US_ASCII);

    private SshProbe() {
    }

    static boolean answers(HostPort address) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            InputStream in = socket.getInputStream();
            byte[] start = in.readNBytes(BANNER.length);
            return Arrays.equals(start, BANNER);
        } catch (IOException e) {
            return false;
        }
    }
}
