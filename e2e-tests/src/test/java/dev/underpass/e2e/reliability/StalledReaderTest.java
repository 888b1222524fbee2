package dev.underpass.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ChecksumTransfer;
import dev.underpass.e2e.support.EchoServer;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.LocalProxyProcesses;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.ServerProcess;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.localproxy.LocalProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * One client connects through a tunnel to a service that sends without end, and never reads. The data backs up
 * through the source proxy, the server and the destination proxy to the service, which must come to a stop: every
 * buffer on the way is bounded. Meanwhile the three processes' heap (after GC), RSS and native memory ("Other":
 * direct buffers) stay within {@link #GROWTH_LIMIT_BYTES} of where they started, and a checksummed transfer on another
 * tunnel of the same server completes.
 *
 * <p>Inside the stalled tunnel the protocol has no per-connection flow control, so other connections of the same
 * tunnel are expected to be held up (head-of-line blocking). The test measures that, logs it (docs/RELIABILITY.md
 * reports the numbers) and asserts only that the tunnel recovers once the stalled reader goes away.
 */
class StalledReaderTest {
    private static final Logger LOG = LoggerFactory.getLogger(StalledReaderTest.class);
    /**
     * Growth allowed per process and per measure. Water marks bound each relayed channel to 64 KiB pending and a
     * WebSocket message to 128 KiB, so a bounded path holds a few MiB at most in a process; an unbounded one fills
     * hundreds of MiB within seconds at the firehose's loopback rate, far past this limit (or stops with an
     * OutOfMemoryError).
     */
    private static final long GROWTH_LIMIT_BYTES = 64L * 1024 * 1024;
    private static final List<String> JVM = List.of("-Xmx512m", "-Dio.netty.leakDetection.level=advanced",
            ProcessGauges.NATIVE_MEMORY_TRACKING);
    /** How long the same-tunnel probes wait before recording "held up" (a measurement, not a pass/fail bound). */
    private static final int PROBE_MILLIS = 5_000;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void aReaderThatStopsReadingIsHeldAtBoundedMemoryAndOtherTunnelsKeepWorking() throws Exception {
        try (Firehose firehose = Firehose.start();
             EchoServer echo = EchoServer.start();
             ServerProcess server = ServerProcess.start("stall-server", JVM, dataDir, 0)) {
            OpenTunnelResponse stalled = server.api().openTunnel(r -> r.destinationConfig(d -> d
                    .services("FIRE", "ECHO")));
            OpenTunnelResponse other = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("ECHO")));
            try (JavaProcess destination = LocalProxyProcesses.destination("stall-dst", JVM, server,
                    stalled.destinationAccessToken(), "FIRE=127.0.0.1:" + firehose.port() + ",ECHO=127.0.0.1:"
                            + echo.port());
                 JavaProcess source = LocalProxyProcesses.source("stall-src", JVM, server,
                         stalled.sourceAccessToken(), "FIRE=0,ECHO=0");
                 LocalProxy otherDestination = Proxies.destination(server, other.destinationAccessToken(),
                         Map.of("ECHO", echo.port()));
                 LocalProxy otherSource = Proxies.source(server, other.sourceAccessToken(), "ECHO")) {
                int firePort = LocalProxyProcesses.listenPort(source, "FIRE");
                int echoPort = LocalProxyProcesses.listenPort(source, "ECHO");
                Tunnels.awaitConnections(server, stalled.tunnelId(), ConnectionStatus.CONNECTED,
                        ConnectionStatus.CONNECTED);
                assertThat(echoRoundTripMillis(echoPort)).as("the tunnel echoes before the stall").isNotNegative();

                Map<String, JavaProcess> processes = new LinkedHashMap<>();
                processes.put("server", server.process());
                processes.put("source proxy", source);
                processes.put("destination proxy", destination);
                Map<String, ProcessGauges.Reading> before = readAll(processes);
                LOG.info("before the stall: {}", before);

                try (Socket reader = new Socket(InetAddress.getLoopbackAddress(), firePort)) {
                    long[] previous = {-1};
                    // Sampled every 2 s: the firehose counts what the kernel took, which stops once all is full.
                    Awaitility.await("the firehose comes to a stop: the path's buffers are full, not growing")
                            .atMost(Duration.ofSeconds(120))
                            .pollInterval(Duration.ofSeconds(2))
                            .until(() -> {
                                long now = firehose.written();
                                boolean stopped = now > 0 && now == previous[0];
                                previous[0] = now;
                                return stopped;
                            });
                    long heldBytes = firehose.written();
                    Map<String, ProcessGauges.Reading> during = readAll(processes);
                    LOG.info("stalled with {} bytes written by the service and none read: {}", heldBytes, during);

                    ChecksumTransfer.Result otherTunnel = ChecksumTransfer.to(otherSource.sourcePort("ECHO"), 4,
                            256L * 1024 + 5, 77).run(Duration.ofSeconds(120));
                    LOG.info("another tunnel during the stall: {}", otherTunnel);

                    long sameTunnelEcho = echoRoundTripMillis(echoPort);
                    long sameServiceBytes = bytesReadWithin(firePort, PROBE_MILLIS);
                    LOG.info("inside the stalled tunnel: a 1 KiB echo on another connection took {} ms "
                            + "(-1: nothing within {} ms); another firehose connection got {} bytes in {} ms",
                            sameTunnelEcho, PROBE_MILLIS, sameServiceBytes, PROBE_MILLIS);

                    assertThat(otherTunnel.problems()).isEmpty();
                    assertThat(otherTunnel.verified()).isEqualTo(4);
                    for (String name : processes.keySet()) {
                        assertGrowthBounded(name, before.get(name), during.get(name));
                    }
                }

                Awaitility.await("the stalled tunnel echoes again once the reader is gone")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> echoRoundTripMillis(echoPort) >= 0);
                ChecksumTransfer.Result after = ChecksumTransfer.to(echoPort, 2, 512 * 1024 + 1, 78)
                        .run(Duration.ofSeconds(60));
                assertThat(after.problems()).isEmpty();
                for (JavaProcess p : processes.values()) {
                    assertThat(p.leakReports()).as(p.toString()).isEmpty();
                    assertThat(p.isAlive()).as(p.toString()).isTrue();
                }
            }
        }
    }

    private static Map<String, ProcessGauges.Reading> readAll(Map<String, JavaProcess> processes) {
        // the three readings at once: each runs jcmd three times, which takes seconds on a busy machine
        Map<String, CompletableFuture<ProcessGauges.Reading>> pending = new LinkedHashMap<>();
        processes.forEach((name, p) -> pending.put(name,
                CompletableFuture.supplyAsync(() -> ProcessGauges.afterGc(p.pid()))));
        Map<String, ProcessGauges.Reading> readings = new LinkedHashMap<>();
        pending.forEach((name, reading) -> readings.put(name, reading.join()));
        return readings;
    }

    private static void assertGrowthBounded(String name, ProcessGauges.Reading before, ProcessGauges.Reading after) {
        assertThat(after.heapUsedBytes() - before.heapUsedBytes()).as(name + " heap growth")
                .isLessThanOrEqualTo(GROWTH_LIMIT_BYTES);
        assertThat(after.rssBytes() - before.rssBytes()).as(name + " RSS growth")
                .isLessThanOrEqualTo(GROWTH_LIMIT_BYTES);
        assertThat(after.otherNativeBytes() - before.otherNativeBytes()).as(name + " direct/native growth")
                .isLessThanOrEqualTo(GROWTH_LIMIT_BYTES);
    }

    /** Sends 1 KiB on a new connection and waits up to {@link #PROBE_MILLIS} for it back; -1 if it did not come. */
    private static long echoRoundTripMillis(int port) throws IOException {
        byte[] ping = new byte[1024];
        Arrays.fill(ping, (byte) 'p');
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(PROBE_MILLIS);
            long started = System.nanoTime();
            socket.getOutputStream().write(ping);
            byte[] back = socket.getInputStream().readNBytes(ping.length);
            if (!Arrays.equals(back, ping)) {
                return -1;
            }
            return (System.nanoTime() - started) / 1_000_000;
        } catch (SocketTimeoutException e) {
            return -1;
        }
    }

    /** Opens a new connection and counts what it can read within the given time. */
    private static long bytesReadWithin(int port, int millis) throws IOException {
        long total = 0;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            long deadline = System.nanoTime() + millis * 1_000_000L;
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[16 * 1024];
            while (System.nanoTime() < deadline) {
                socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    int n = in.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
        }
        return total;
    }
}
