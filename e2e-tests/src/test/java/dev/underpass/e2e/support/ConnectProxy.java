package dev.underpass.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP proxy on loopback that only does {@code CONNECT host:port}, with Basic proxy authentication, as a
 * corporate proxy between a local proxy and the server would. Records every target it was asked for.
 */
public final class ConnectProxy implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 8192;

    private final ServerSocket serverSocket;
    private final String expectedAuthorization;
    private final ExecutorService threads = Executors.newCachedThreadPool(Daemons.named("connect-proxy"));
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final List<String> tunnelled = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private ConnectProxy(ServerSocket serverSocket, String expectedAuthorization) {
        this.serverSocket = serverSocket;
        this.expectedAuthorization = expectedAuthorization;
    }

    /** A proxy that requires {@code Proxy-Authorization: Basic} with this user and password. */
    public static ConnectProxy start(String user, String password) throws IOException {
        ConnectProxy proxy = new ConnectProxy(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()),
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)));
        proxy.threads.execute(proxy::acceptLoop);
        return proxy;
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The {@code host:port} of every CONNECT that was let through. */
    public List<String> tunnelledTargets() {
        return List.copyOf(tunnelled);
    }

    /** The request lines of everything refused (wrong method, missing or wrong credentials). */
    public List<String> refusedRequests() {
        return List.copyOf(refused);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket client = serverSocket.accept();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            String[] head = readHead(client.getInputStream()).split("\r\n");
            String[] requestLine = head[0].split(" ");
            String authorization = null;
            for (String line : head) {
                if (line.toLowerCase(Locale.ROOT).startsWith("proxy-authorization:")) {
                    authorization = line.substring(line.indexOf(':') + 1).trim();
                }
            }
            OutputStream toClient = client.getOutputStream();
            if (requestLine.length != 3 || !requestLine[0].equals("CONNECT")) {
                refused.add(head[0]);
                reply(toClient, "405 Method Not Allowed");
                client.close();
                return;
            }
            if (!expectedAuthorization.equals(authorization)) {
                refused.add(head[0]);
                reply(toClient, "407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"e2e\"");
                client.close();
                return;
            }
            String target = requestLine[1];
            int colon = target.lastIndexOf(':');
            Socket upstream = new Socket(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
            open.add(upstream);
            tunnelled.add(target);
            reply(toClient, "200 Connection established");
            threads.execute(() -> pipe(upstream, client));
            pipe(client, upstream);
        } catch (IOException | RuntimeException e) {
            closeQuietly(client);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && head.size() < MAX_HEAD_BYTES) {
            head.write(b);
            byte[] h = head.toByteArray();
            int n = h.length;
            if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static void reply(OutputStream out, String statusAndHeaders) throws IOException {
        out.write(("HTTP/1.1 " + statusAndHeaders + "\r\nContent-Length: 0\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // either side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
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
