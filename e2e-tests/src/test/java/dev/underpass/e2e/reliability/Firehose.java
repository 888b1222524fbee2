package dev.underpass.e2e.reliability;

import dev.underpass.e2e.support.Daemons;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback service that writes to every connection as fast as it is let, until the connection closes, and counts
 * the bytes the kernel accepted from it. When a reader far away stops reading, this count stops growing once every
 * buffer on the way is full: that it stops at all shows the path's buffering is bounded.
 */
final class Firehose implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("firehose"));
    private final AtomicLong written = new AtomicLong();

    private Firehose(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
    }

    static Firehose start() throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        Firehose firehose = new Firehose(socket);
        firehose.threads.execute(firehose::acceptLoop);
        return firehose;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** Bytes written so far, over all connections. */
    long written() {
        return written.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket s = serverSocket.accept();
                threads.execute(() -> pour(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pour(Socket socket) {
        byte[] chunk = new byte[16 * 1024];
        try (socket) {
            OutputStream out = socket.getOutputStream();
            while (true) {
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            // the connection closed
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        threads.shutdownNow();
    }
}
