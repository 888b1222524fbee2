package dev.underpass.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;

/**
 * Request/response latency: one connection in echo mode, a {@value #MESSAGE_BYTES}-byte message sent and read back,
 * one at a time. The first {@code warmup} round trips are not recorded. Stops early, and says so in the result,
 * when {@code budget} runs out.
 */
final class Latency {
    static final int MESSAGE_BYTES = 64;

    /** Round-trip times in nanoseconds, sorted. */
    record Result(long[] sortedNanos, boolean cutShort) {
        double percentileMicros(double p) {
            return Stats.percentile(sortedNanos, p) / 1e3;
        }

        int count() {
            return sortedNanos.length;
        }
    }

    private Latency() {
    }

    static Result run(int port, int warmup, int count, Duration budget) throws IOException {
        long deadline = System.nanoTime() + budget.toNanos();
        try (Socket socket = Wire.connect(port)) {
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            out.write(Wire.ECHO);
            byte[] message = new byte[MESSAGE_BYTES];
            byte[] answer = new byte[MESSAGE_BYTES];
            long[] times = new long[count];
            int recorded = 0;
            for (int i = 0; i < warmup + count && System.nanoTime() < deadline; i++) {
                message[0] = (byte) i;
                long t0 = System.nanoTime();
                out.write(message);
                in.readFully(answer);
                long t1 = System.nanoTime();
                if (answer[0] != message[0]) {
                    throw new IOException("echo answered message " + answer[0] + " to message " + message[0]);
                }
                if (i >= warmup) {
                    times[recorded++] = t1 - t0;
                }
            }
            long[] sorted = Arrays.copyOf(times, recorded);
            Arrays.sort(sorted);
            return new Result(sorted, recorded < count);
        }
    }
}
