package dev.underpass.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A TCP service on loopback that writes back every byte it reads, one thread per connection. */
public final class EchoServer implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket serverSocket;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("echo"));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private EchoServer(ServerSocket serverSocket) {
        this.serverSocket = serverSocket;
    }

    public static EchoServer start() throws IOException {
        return start(0);
    }

    /** An echo server on a given loopback port (0: any free one). */
    public static EchoServer start(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        EchoServer server = new EchoServer(socket);
        server.threads.execute(server::acceptLoop);
        return server;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Connections accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                accepted.incrementAndGet();
                open.add(socket);
                threads.execute(() -> echo(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // the peer reset or the server is closing: either ends this connection
        } finally {
            open.remove(socket);
        }
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
        for (Socket s : open) {
            s.close();
        }
        threads.shutdownNow();
    }
}
