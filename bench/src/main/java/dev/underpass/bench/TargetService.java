package dev.underpass.bench;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.Semaphore;

/**
 * The TCP service every path leads to: a sink and an echo on one port (see {@link Wire}). One thread per
 * connection, plain blocking sockets: the service should cost little and behave the same for every path.
 *
 * <p>Bounds: at most {@value #MAX_CONNECTIONS} connections at once (more are closed at once); the process exits
 * after {@code maxSeconds} whatever happens, so a forgotten service cannot outlive a run by much.
 */
final class TargetService {
    static final int MAX_CONNECTIONS = 256;

    private TargetService() {
    }

    static void run(int port, int maxSeconds) throws IOException {
        Thread deadline = new Thread(() -> {
            try {
                Thread.sleep(maxSeconds * 1000L);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("target: " + maxSeconds + " s are up, exiting");
            System.exit(0);
        }, "target-deadline");
        deadline.setDaemon(true);
        deadline.start();
        try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
            System.out.println("target listening on 127.0.0.1:" + server.getLocalPort());
            System.out.flush();
            acceptLoop(server);
        }
    }

    /** Serves every connection of {@code server} on its own thread until the socket is closed. */
    static void acceptLoop(ServerSocket server) throws IOException {
        Semaphore slots = new Semaphore(MAX_CONNECTIONS);
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (SocketException e) {
                return; // closed
            }
            if (!slots.tryAcquire()) {
                socket.close();
                continue;
            }
            Thread t = new Thread(() -> {
                try (socket) {
                    serve(socket);
                } catch (EOFException | SocketException e) {
                    // the client went away: expected at the end of every test
                } catch (IOException e) {
                    System.err.println("target: " + e);
                } finally {
                    slots.release();
                }
            }, "target-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        DataInputStream in = new DataInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[Wire.BUFFER_BYTES];
        while (true) {
            int command = in.read();
            if (command < 0) {
                return;
            }
            if (command == Wire.SINK) {
                discard(in, in.readLong(), buffer);
                out.write(Wire.ACK);
                out.flush();
            } else if (command == Wire.ECHO) {
                echo(in, out, buffer);
                return;
            } else {
                throw new IOException("unknown command byte " + command);
            }
        }
    }

    private static void discard(InputStream in, long length, byte[] buffer) throws IOException {
        long left = length;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException(left + " bytes short");
            }
            left -= n;
        }
    }

    private static void echo(InputStream in, OutputStream out, byte[] buffer) throws IOException {
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
