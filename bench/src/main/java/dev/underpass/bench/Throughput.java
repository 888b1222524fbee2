package dev.underpass.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One-direction bulk transfer into the sink through a path: {@code streams} connections in parallel, each carrying
 * {@code bytesPerStream}. The clock starts when every connection has proven itself with an empty round trip and
 * stops when the last sink acknowledges its last byte, so connection set-up is not counted and nothing is counted
 * that has not arrived.
 */
final class Throughput {
    /** What one transfer moved and how long it took. */
    record Result(int streams, long bytes, long nanos) {
        double megabytesPerSecond() {
            return bytes / 1e6 / (nanos / 1e9);
        }
    }

    private Throughput() {
    }

    static Result run(int port, int streams, long bytesPerStream, Duration timeout) throws Exception {
        List<Socket> sockets = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(streams, r -> {
            Thread t = new Thread(r, "throughput");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < streams; i++) {
                Socket s = Wire.connect(port);
                sockets.add(s);
                Wire.writeSinkHeader(s.getOutputStream(), 0);
                Wire.expectAck(new DataInputStream(s.getInputStream()));
            }
            AtomicLong start = new AtomicLong();
            CyclicBarrier go = new CyclicBarrier(streams, () -> start.set(System.nanoTime()));
            List<Future<Long>> ends = new ArrayList<>();
            for (Socket s : sockets) {
                ends.add(pool.submit(() -> send(s, bytesPerStream, go)));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            long last = 0;
            for (Future<Long> end : ends) {
                long left = deadline - System.nanoTime();
                try {
                    last = Math.max(last, end.get(Math.max(left, 1), TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    throw new IOException("transfer of " + streams + " x " + bytesPerStream + " bytes did not finish"
                            + " within " + timeout.toSeconds() + " s");
                }
            }
            return new Result(streams, streams * bytesPerStream, last - start.get());
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            pool.shutdownNow();
        }
    }

    private static long send(Socket socket, long length, CyclicBarrier go) throws Exception {
        byte[] chunk = new byte[Wire.BUFFER_BYTES];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) (i * 31 + 7); // not all zeros, in case anything on a path compresses
        }
        OutputStream out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        go.await(Wire.READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Wire.writeSinkHeader(out, length);
        long left = length;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
        Wire.expectAck(in);
        return System.nanoTime();
    }
}
