package dev.underpass.e2e.reliability;

import dev.underpass.e2e.support.Daemons;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One TCP connection to an echo service (through a tunnel) that sends a seeded pseudo-random stream and checks every
 * byte that comes back against the same stream, as it arrives. When the connection is cut part-way, what arrived must
 * still be an exact prefix of what was sent: the {@link Outcome} says how many bytes matched and where the first
 * wrong byte was, if any, and how the connection ended.
 */
final class PrefixCheckedStream implements AutoCloseable {
    private static final int CHUNK = 16 * 1024;

    private final Socket socket;
    private final long seed;
    private final long limit;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final ExecutorService threads = Executors.newFixedThreadPool(2, Daemons.named("prefix-stream"));
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();

    /** How the receiving side ended. {@code firstMismatch} is -1 when every received byte was the one sent. */
    record Outcome(long sent, long received, long firstMismatch, String ending) {
        boolean intact() {
            return firstMismatch < 0 && received <= sent;
        }
    }

    private PrefixCheckedStream(Socket socket, long seed, long limit) {
        this.socket = socket;
        this.seed = seed;
        this.limit = limit;
    }

    /** Connects and starts sending up to {@code limit} bytes; reads with the given socket timeout (a hang fails). */
    static PrefixCheckedStream start(int port, long seed, long limit, int readTimeoutMillis) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket.setSoTimeout(readTimeoutMillis);
        PrefixCheckedStream stream = new PrefixCheckedStream(socket, seed, limit);
        stream.threads.execute(stream::send);
        stream.threads.execute(stream::receive);
        return stream;
    }

    long received() {
        return received.get();
    }

    /** Completes when the receiving side ends: all bytes back, end of stream, reset, mismatch or read timeout. */
    CompletableFuture<Outcome> outcome() {
        return outcome;
    }

    private void send() {
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try {
            OutputStream out = socket.getOutputStream();
            while (sent.get() < limit) {
                int n = (int) Math.min(CHUNK, limit - sent.get());
                fill(random, chunk, n);
                out.write(chunk, 0, n);
                sent.addAndGet(n);
            }
        } catch (IOException ignored) {
            // the cut this test provokes; the receiving side reports how the connection ended
        }
    }

    private void receive() {
        SplittableRandom expected = new SplittableRandom(seed);
        byte[] want = new byte[CHUNK];
        int wantFilled = 0;
        int wantPos = 0;
        byte[] buffer = new byte[CHUNK];
        String ending;
        long mismatch = -1;
        try {
            InputStream in = socket.getInputStream();
            outer:
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    ending = received.get() == limit ? "complete" : "end of stream";
                    break;
                }
                for (int i = 0; i < n; i++) {
                    if (wantPos == wantFilled) {
                        wantFilled = CHUNK;
                        fill(expected, want, wantFilled);
                        wantPos = 0;
                    }
                    if (buffer[i] != want[wantPos++]) {
                        mismatch = received.get() + i;
                        ending = "wrong byte";
                        break outer;
                    }
                }
                received.addAndGet(n);
            }
        } catch (SocketTimeoutException e) {
            ending = "read timed out (hang)";
        } catch (IOException e) {
            ending = "reset: " + e.getMessage();
        }
        outcome.complete(new Outcome(sent.get(), received.get(), mismatch, ending));
    }

    /**
     * Fills {@code n} bytes from the generator, eight at a time. Sender and receiver call it with the same chunk
     * size, so both consume the generator alike and see the same byte sequence.
     */
    private static void fill(SplittableRandom random, byte[] chunk, int n) {
        for (int i = 0; i < n; i += Long.BYTES) {
            long v = random.nextLong();
            for (int b = 0; b < Long.BYTES && i + b < n; b++) {
                chunk[i + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        threads.shutdownNow();
    }
}
