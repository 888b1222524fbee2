package dev.underpass.localproxy.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** A blocking TCP client for tests: connects to a local port, reads the banner, exchanges bytes. */
public final class TcpClient implements AutoCloseable {
    private static final int TIMEOUT_MILLIS = 15_000;
    private final Socket socket;

    public TcpClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(TIMEOUT_MILLIS);
    }

    /** Reads one line (without the newline); null at end of stream. */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    /** Sends {@code size} random bytes (from another thread) and returns what comes back, the same length. */
    public byte[] echo(byte[] data) throws IOException {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                socket.getOutputStream().write(data);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] back = socket.getInputStream().readNBytes(data.length);
        writer.join();
        return back;
    }

    /** Whether the far end closed: the next read sees end of stream (or a reset). */
    public boolean seesEndOfStream() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException e) {
            return true; // connection reset
        }
    }

    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    public static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
