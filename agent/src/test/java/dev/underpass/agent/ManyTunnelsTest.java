package dev.underpass.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.agent.testing.AgentConfigs;
import dev.underpass.protocol.testing.EchoServer;
import dev.underpass.agent.testing.Fixtures;
import dev.underpass.agent.testing.Publisher;
import dev.underpass.agent.testing.TestBroker;
import dev.underpass.agent.testing.TestPki;
import dev.underpass.agent.testing.TunnelService;
import dev.underpass.agent.tunnels.TunnelState;
import dev.underpass.localproxy.HostPort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/** Hundreds of tunnels over a device's uptime must not cost threads or sockets. */
@ExtendWith(Fixtures.class)
class ManyTunnelsTest {
    private static final int WARM_UP = 10;
    private static final int TUNNELS = 100;
    /** Threads and descriptors of the shared fixtures (the server's pools, JDK timers) may come and go a little. */
    private static final int THREAD_TOLERANCE = 5;
    private static final int FD_TOLERANCE = 10;

    @Test
    void aHundredTunnelsOpenedAndClosedInARowLeaveNoThreadsOrFileDescriptorsBehind(TestPki pki, TestBroker broker,
            TunnelService tunnels) throws IOException {
        try (EchoServer echo = EchoServer.start();
                Publisher publisher = Publisher.connect(pki, broker);
                Agent agent = Agent.start(AgentConfigs.forThing(pki, broker, tunnels, "many-tunnels-device")
                        .service("ssh", new HostPort("127.0.0.1", echo.port())).build())) {
            quickly().until(agent::connected);
            // Lazily started threads (event loops, pools) exist after a few rounds; the baseline counts them.
            for (int i = 0; i < WARM_UP; i++) {
                openAndClose(agent, tunnels, publisher);
            }
            int threads = threads();
            long fds = fileDescriptors();

            for (int i = 0; i < TUNNELS; i++) {
                openAndClose(agent, tunnels, publisher);
            }

            quickly().atMost(Duration.ofSeconds(30)).until(() -> threads() <= threads + THREAD_TOLERANCE
                    && fileDescriptors() <= fds + FD_TOLERANCE && proxyThreads().isEmpty());
            assertThat(agent.activeTunnels()).isEmpty();
        }
    }

    private static void openAndClose(Agent agent, TunnelService tunnels, Publisher publisher) {
        OpenTunnelResponse tunnel = tunnels.open("many-tunnels-device", "ssh");
        publisher.notifyDestination("many-tunnels-device", tunnel.destinationAccessToken(), List.of("ssh"));
        quickly().until(agent::activeTunnels, list -> list.size() == 1
                && list.get(0).state() == TunnelState.CONNECTED);
        tunnels.close(tunnel.tunnelId());
        quickly().until(() -> agent.activeTunnels().isEmpty());
    }

    /** Polls in the test's own thread (no poller thread to count) and often, since each round is short. */
    private static ConditionFactory quickly() {
        return await().atMost(Duration.ofSeconds(20)).pollInSameThread().pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(5));
    }

    private static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    private static List<String> proxyThreads() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("localproxy-")).toList();
    }

    private static long fileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
