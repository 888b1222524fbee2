package dev.underpass.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * The little protocol between the load tool and the {@link TargetService}. A connection carries commands:
 * <ul>
 *   <li>{@code 'S'} + 8-byte length L: the service reads and discards exactly L bytes, then answers one byte
 *       {@code 'A'}. The answer proves every byte crossed the path, without relying on half-close, which a tunnel
 *       need not carry.</li>
 *   <li>{@code 'E'}: from then on the service echoes every byte until the connection ends.</li>
 * </ul>
 */
final class Wire {
    static final int SINK = 'S';
    static final int ECHO = 'E';
    static final int ACK = 'A';
    /** Size of the buffers both ends read and write with. */
    static final int BUFFER_BYTES = 256 * 1024;
    /** No read through any path may stall for longer; a stall this long is a broken path, not a slow one. */
    static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private Wire() {
    }

    /** A loopback connection with Nagle off and the read timeout set. */
    static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        return socket;
    }

    static void writeSinkHeader(OutputStream out, long length) throws IOException {
        byte[] header = new byte[9];
        header[0] = (byte) SINK;
        for (int i = 0; i < 8; i++) {
            header[1 + i] = (byte) (length >>> (56 - 8 * i));
        }
        out.write(header);
    }

    static void expectAck(DataInputStream in) throws IOException {
        int b = in.read();
        if (b != ACK) {
            throw new IOException("expected the sink's acknowledgement, got " + (b < 0 ? "end of stream" : b));
        }
    }
}
