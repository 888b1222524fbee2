package dev.underpass.e2e.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Drives N concurrent TCP connections to a local port behind which an echo service sits (here: a tunnel's source
 * port). Each connection sends M bytes of seeded pseudo-random data and reads M bytes back; the SHA-256 of what was
 * sent and of what came back must be equal. Problems are collected, not thrown, so that one run reports all of them.
 *
 * <p>With {@link #pausingHalfway()}, every connection stops sending after half its bytes until {@link #resume()}, so
 * that a test can do something while the transfer is provably in flight.
 */
public final class ChecksumTransfer {
    private static final int CHUNK_BYTES = 32 * 1024;
    /** Long: a paused transfer leaves readers idle until every connection got halfway; callers bound the whole run. */
    private static final int READ_TIMEOUT_MILLIS = 300_000;

    private final int port;
    private final int connections;
    private final long bytesPerConnection;
    private final long seed;
    private final CountDownLatch halfway;
    private final CompletableFuture<Void> resumed = new CompletableFuture<>();
    private final Queue<Socket> sockets = new ConcurrentLinkedQueue<>();

    /** The outcome: how many connections matched, what went wrong with the others, and how long it took. */
    public record Result(int connections, long bytesPerConnection, int verified, List<String> problems,
            Duration elapsed) {
        public long totalBytesEachWay() {
            return connections * bytesPerConnection;
        }

        /** Payload throughput in one direction, in MB/s (for the log, never for an assertion). */
        public double megabytesPerSecondEachWay() {
            return totalBytesEachWay() / 1e6 / Math.max(1e-3, elapsed.toNanos() / 1e9);
        }

        @Override
        public String toString() {
            return String.format("%d connections x %d bytes: %d verified, %d problems, %.1f s, %.1f MB/s each way%s",
                    connections, bytesPerConnection, verified, problems.size(), elapsed.toMillis() / 1e3,
                    megabytesPerSecondEachWay(), problems.isEmpty() ? "" : " " + problems);
        }
    }

    private ChecksumTransfer(int port, int connections, long bytesPerConnection, long seed, boolean pause) {
        if (connections < 1 || bytesPerConnection < 2) {
            throw new IllegalArgumentException("need at least one connection and two bytes");
        }
        this.port = port;
        this.connections = connections;
        this.bytesPerConnection = bytesPerConnection;
        this.seed = seed;
        this.halfway = pause ? new CountDownLatch(connections) : null;
        if (!pause) {
            resumed.complete(null);
        }
    }

    public static ChecksumTransfer to(int port, int connections, long bytesPerConnection, long seed) {
        return new ChecksumTransfer(port, connections, bytesPerConnection, seed, false);
    }

    /** The same transfer, but each connection waits after half its bytes until {@link #resume()}. */
    public ChecksumTransfer pausingHalfway() {
        return new ChecksumTransfer(port, connections, bytesPerConnection, seed, true);
    }

    /** Waits until every connection has sent half its bytes and paused. */
    public void awaitHalfway(Duration timeout) throws InterruptedException, TimeoutException {
        if (halfway == null) {
            throw new IllegalStateException("not a pausing transfer");
        }
        if (!halfway.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new TimeoutException(halfway.getCount() + " of " + connections + " connections did not get halfway");
        }
    }

    public void resume() {
        resumed.complete(null);
    }

    /** Runs the transfer and waits for it; on timeout all sockets are closed and the timeout is reported. */
    public Result run(Duration timeout) throws InterruptedException {
        CompletableFuture<Result> running = start();
        try {
            return running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abort();
            return new Result(connections, bytesPerConnection, 0,
                    List.of("transfer did not finish within " + timeout), timeout);
        } catch (ExecutionException e) {
            abort();
            return new Result(connections, bytesPerConnection, 0, List.of("transfer failed: " + e.getCause()),
                    timeout);
        }
    }

    /** Starts the transfer on its own threads. */
    public CompletableFuture<Result> start() {
        ExecutorService threads = Executors.newFixedThreadPool(2 * connections, Daemons.named("transfer"));
        long started = System.nanoTime();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Boolean>> all = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            int index = i;
            CompletableFuture<Socket> connected = CompletableFuture.supplyAsync(this::connect, threads);
            CompletableFuture<byte[]> sent = connected.thenApplyAsync(s -> send(s, index), threads);
            CompletableFuture<byte[]> received = connected.thenApplyAsync(this::receive, threads);
            // When one direction fails, closing the socket ends the other at once instead of at its read timeout.
            for (CompletableFuture<byte[]> direction : List.of(sent, received)) {
                direction.whenComplete((digest, failure) -> {
                    if (failure != null) {
                        closeQuietly(connected.getNow(null));
                    }
                });
            }
            all.add(sent.thenCombine(received, (a, b) -> {
                if (Arrays.equals(a, b)) {
                    return true;
                }
                problems.add("connection " + index + ": SHA-256 sent " + HexFormat.of().formatHex(a)
                        + " but received " + HexFormat.of().formatHex(b));
                return false;
            }).exceptionally(e -> {
                problems.add("connection " + index + ": " + rootMessage(e));
                return false;
            }).whenComplete((ok, e) -> closeQuietly(connected.getNow(null))));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handle((v, e) -> {
            threads.shutdownNow();
            int verified = (int) all.stream().filter(f -> f.getNow(false)).count();
            return new Result(connections, bytesPerConnection, verified, List.copyOf(problems),
                    Duration.ofNanos(System.nanoTime() - started));
        });
    }

    private void abort() {
        resumed.complete(null);
        sockets.forEach(ChecksumTransfer::closeQuietly);
    }

    private Socket connect() {
        try {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            return socket;
        } catch (IOException e) {
            throw new IllegalStateException("connect to port " + port + " failed: " + e.getMessage(), e);
        }
    }

    private byte[] send(Socket socket, int index) {
        MessageDigest digest = sha256();
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
        byte[] chunk = new byte[CHUNK_BYTES];
        ByteBuffer view = ByteBuffer.wrap(chunk);
        long half = bytesPerConnection / 2;
        long sent = 0;
        try {
            OutputStream out = socket.getOutputStream();
            while (sent < bytesPerConnection) {
                view.clear();
                while (view.remaining() >= Long.BYTES) {
                    view.putLong(random.nextLong());
                }
                long limit = sent < half ? half : bytesPerConnection;
                int n = (int) Math.min(chunk.length, limit - sent);
                digest.update(chunk, 0, n);
                out.write(chunk, 0, n);
                sent += n;
                if (sent == half && halfway != null) {
                    out.flush();
                    halfway.countDown();
                    resumed.get(5, TimeUnit.MINUTES);
                }
            }
            out.flush();
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException("sending failed after " + sent + " of " + bytesPerConnection + " bytes: "
                    + rootMessage(e), e);
        }
    }

    private byte[] receive(Socket socket) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[CHUNK_BYTES];
        long received = 0;
        try {
            InputStream in = socket.getInputStream();
            while (received < bytesPerConnection) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, bytesPerConnection - received));
                if (n < 0) {
                    throw new IOException("the connection ended");
                }
                digest.update(buffer, 0, n);
                received += n;
            }
            return digest.digest();
        } catch (IOException e) {
            throw new IllegalStateException("receiving failed after " + received + " of " + bytesPerConnection
                    + " bytes: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
