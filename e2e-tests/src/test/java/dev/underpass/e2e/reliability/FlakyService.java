package dev.underpass.e2e.reliability;

import dev.underpass.e2e.support.Daemons;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback echo service whose next connections can be told to die part-way: after echoing a number of bytes it
 * either ends normally (FIN after the last echoed byte, then it reads and discards until its peer closes) or aborts
 * (RST, {@code SO_LINGER 0}), as a crashing service does. Connections without
 * such an order echo until their client closes.
 */
final class FlakyService implements AutoCloseable {
    /** How one connection ends: after {@code echoBytes} echoed bytes, by a reset or a normal close. */
    record Death(long echoBytes, boolean reset) {
    }

    /** How long a normally closing connection waits for its peer to close too before it gives up. */
    private static final int DRAIN_TIMEOUT_MILLIS = 30_000;

    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("flaky"));
    private final Queue<Death> orders = new ConcurrentLinkedQueue<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger died = new AtomicInteger();

    private FlakyService(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
    }

    static FlakyService start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        FlakyService service = new FlakyService(socket);
        service.threads.execute(service::acceptLoop);
        return service;
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    /** The next accepted connection dies this way. */
    void dieNext(Death death) {
        orders.add(death);
    }

    int accepted() {
        return accepted.get();
    }

    /** Connections that died as ordered. */
    int died() {
        return died.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket s = serverSocket.accept();
                accepted.incrementAndGet();
                Death death = orders.poll();
                threads.execute(() -> serve(s, death));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket socket, Death death) {
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long echoed = 0;
            long budget = death == null ? Long.MAX_VALUE : death.echoBytes();
            while (echoed < budget) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, budget - echoed));
                if (n < 0) {
                    return;
                }
                out.write(buffer, 0, n);
                echoed += n;
            }
            if (death.reset()) {
                socket.setSoLinger(true, 0); // close() below then sends RST and discards what is unsent
            } else {
                // A normal end: FIN after everything echoed, then read until the peer closes. Closing at once
                // with unread input would make Linux send RST and drop the echo still in the send queue, which
                // loses bytes on a direct TCP connection too (measured: 26 of 30 direct runs came back short).
                socket.shutdownOutput();
                socket.setSoTimeout(DRAIN_TIMEOUT_MILLIS);
                while (in.read(buffer) >= 0) {
                    // discard: the service has stopped answering
                }
            }
            died.incrementAndGet();
        } catch (IOException e) {
            // the client went away; nothing to serve
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        threads.shutdownNow();
    }
}
