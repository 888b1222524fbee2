package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The load tool against the target service over real loopback sockets, with small sizes. */
@Timeout(30)
class LoopbackLoadTest {
    static ServerSocket target;

    @BeforeAll
    static void startTarget() throws IOException {
        target = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try {
                TargetService.acceptLoop(target);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, "target");
        t.setDaemon(true);
        t.start();
    }

    @AfterAll
    static void stopTarget() throws IOException {
        target.close();
    }

    @Test
    void parallelStreamsCountEveryByteTheSinkAcknowledged() throws Exception {
        Throughput.Result r = Throughput.run(target.getLocalPort(), 4, 2_000_000, Duration.ofSeconds(20));

        assertThat(r.streams()).isEqualTo(4);
        assertThat(r.bytes()).isEqualTo(8_000_000);
        assertThat(r.megabytesPerSecond()).isPositive();
    }

    @Test
    void latencyRecordsOnlyTheRoundTripsAfterTheWarmUp() throws Exception {
        Latency.Result r = Latency.run(target.getLocalPort(), 50, 200, Duration.ofSeconds(20));

        assertThat(r.count()).isEqualTo(200);
        assertThat(r.cutShort()).isFalse();
        assertThat(r.percentileMicros(50)).isPositive().isLessThanOrEqualTo(r.percentileMicros(99));
    }

    @Test
    void aPathThatDropsTheConnectionFailsTheTransferInsteadOfCountingIt() throws Exception {
        try (ServerSocket dropper = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = dropper.accept()) {
                    s.getInputStream().read(); // take the command, then hang up without an answer
                } catch (IOException e) {
                    // the test ends either way
                }
            }, "dropper");
            t.setDaemon(true);
            t.start();

            assertThatThrownBy(() -> Throughput.run(dropper.getLocalPort(), 1, 1_000, Duration.ofSeconds(10)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("acknowledgement");
        }
    }
}
