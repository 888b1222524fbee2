package dev.underpass.e2e.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.ServerProcess;
import dev.underpass.e2e.support.Tunnels;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
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
 * A source connects to the server, starts a stream, sends data and disconnects, a thousand times (the same access
 * token reconnecting with its client token, as a local proxy does), while the destination stays connected. Afterwards
 * the server process's heap after a full GC, its thread count and its open file descriptors are back at the baseline
 * measured after a warm-up, within the tolerances below.
 *
 * <p>Tolerances, and why they still catch a leak: a session that is never released holds at least its socket (one
 * fd), its TLS engine with its buffers (tens of KiB) and its pipeline; a thousand of them would add a thousand fds
 * and tens of MiB. The heap may still differ by what legitimately changes over the run (JIT-era class metadata is
 * not heap; but Tombstones keep closes for ten minutes, logging and metrics have small buffers): 8 MiB, i.e. a leak
 * of more than ~8 KiB per cycle fails. Threads: an event loop may start one of its threads later than the warm-up;
 * 2 allowed, a thread per session would be 1,000. File descriptors: jar and database files may be opened lazily;
 * 8 allowed, a socket per session would be 1,000.
 */
class ProxyReconnectCyclesTest {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyReconnectCyclesTest.class);
    static final int CYCLES = Integer.getInteger("reliability.cycles", 1_000);
    private static final int WARM_UP_CYCLES = 100;
    private static final long HEAP_TOLERANCE_BYTES = 8L * 1024 * 1024;
    private static final int THREAD_TOLERANCE = 2;
    private static final int FD_TOLERANCE = 8;

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void aThousandReconnectsLeaveTheServersHeapThreadsAndFileDescriptorsAtTheirBaseline() throws Exception {
        try (ServerProcess server = ServerProcess.start("cycles-server", JavaProcess.QUICK, dataDir, 0)) {
            OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SVC")));
            HttpClient http = HttpClient.newBuilder().sslContext(server.ssl()).build();
            String sourceClientToken = Tunnels.newClientToken();
            try (RawTunnelClient destination = RawTunnelClient.connect(http, server.endpoint(), Mode.DESTINATION,
                    tunnel.destinationAccessToken(), Tunnels.newClientToken(), SubProtocol.V3)) {
                destination.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
                long pid = server.process().pid();

                cycle(http, server, tunnel, sourceClientToken, 0, WARM_UP_CYCLES);
                ProcessGauges.Reading baseline = settled(pid, tunnel, server);
                LOG.info("baseline after {} warm-up cycles: {}", WARM_UP_CYCLES, baseline);

                cycle(http, server, tunnel, sourceClientToken, WARM_UP_CYCLES, CYCLES);
                ProcessGauges.Reading[] last = new ProcessGauges.Reading[1];
                Awaitility.await("heap, threads and fds back at the baseline " + baseline)
                        .atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> withinTolerance(last[0] = ProcessGauges.afterGc(pid), baseline));
                LOG.info("after {} more cycles: {}", CYCLES, last[0]);

                assertThat(destination.closed()).as("the destination stayed connected throughout").isNotDone();
                assertThat(Tunnels.describe(server, tunnel.tunnelId()).destinationConnectionState().status())
                        .isEqualTo(ConnectionStatus.CONNECTED);
                assertThat(server.process().leakReports()).isEmpty();
            }
        }
    }

    /** Source sessions {@code from} (inclusive) to {@code from + count}: connect, stream, data, disconnect. */
    private static void cycle(HttpClient http, ServerProcess server, OpenTunnelResponse tunnel, String clientToken,
            int from, int count) {
        for (int i = from; i < from + count; i++) {
            try (RawTunnelClient source = RawTunnelClient.connect(http, server.endpoint(), Mode.SOURCE,
                    tunnel.sourceAccessToken(), clientToken, SubProtocol.V3)) {
                source.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
                source.send(Message.newBuilder().setType(Message.Type.STREAM_START).setStreamId(i + 1)
                        .setServiceId("SVC").setConnectionId(1).build(),
                        Message.newBuilder().setType(Message.Type.DATA).setStreamId(i + 1).setServiceId("SVC")
                                .setConnectionId(1).setPayload(ByteString.copyFrom(new byte[1024])).build());
            }
        }
    }

    /** The last source session is gone from the server's point of view, then a reading after a full GC. */
    private static ProcessGauges.Reading settled(long pid, OpenTunnelResponse tunnel, ServerProcess server) {
        Tunnels.awaitConnections(server, tunnel.tunnelId(), ConnectionStatus.DISCONNECTED,
                ConnectionStatus.CONNECTED);
        return ProcessGauges.afterGc(pid);
    }

    private static boolean withinTolerance(ProcessGauges.Reading now, ProcessGauges.Reading baseline) {
        return now.heapUsedBytes() <= baseline.heapUsedBytes() + HEAP_TOLERANCE_BYTES
                && now.threads() <= baseline.threads() + THREAD_TOLERANCE
                && now.openFds() <= baseline.openFds() + FD_TOLERANCE;
    }
}
