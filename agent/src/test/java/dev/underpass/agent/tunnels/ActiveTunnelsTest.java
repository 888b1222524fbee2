package dev.underpass.agent.tunnels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ActiveTunnelsTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

    private final List<FakeTunnel> launched = new ArrayList<>();
    private final ActiveTunnels tunnels = new ActiveTunnels(new TunnelLauncher() {
        @Override
        public RunningTunnel launch(TunnelRequest request) {
            FakeTunnel tunnel = new FakeTunnel();
            launched.add(tunnel);
            return tunnel;
        }

        @Override
        public String describe() {
            return "fake";
        }
    }, 2, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void beyondTheLimitATunnelIsRefusedNotQueuedAndAnEndedOneMakesRoom() {
        assertThat(tunnels.start(request("aaaa0001"))).isEqualTo(1);
        assertThat(tunnels.start(request("aaaa0002"))).isEqualTo(2);
        assertThatThrownBy(() -> tunnels.start(request("aaaa0003"))).isInstanceOf(IllegalStateException.class)
                .hasMessage("2 tunnels are running already, the most this agent runs at once (max-tunnels)");
        assertThat(launched).hasSize(2);

        launched.get(0).exit.complete(0);
        assertThat(tunnels.snapshot()).singleElement().satisfies(t -> {
            assertThat(t.id()).isEqualTo(2);
            assertThat(t.fingerprint()).isEqualTo("aaaa0002");
            assertThat(t.started()).isEqualTo(NOW);
            assertThat(t.destinations()).containsOnlyKeys("ssh");
        });
        assertThat(tunnels.start(request("aaaa0004"))).isEqualTo(3);
    }

    @Test
    void closingStopsEveryProxyAndRefusesNewOnes() {
        tunnels.start(request("bbbb0001"));
        tunnels.start(request("bbbb0002"));
        tunnels.closeAll();
        assertThat(launched).allMatch(t -> t.closed);
        assertThat(tunnels.snapshot()).isEmpty();
        assertThatThrownBy(() -> tunnels.start(request("bbbb0003"))).hasMessage("the agent is stopping");
    }

    private static TunnelRequest request(String fingerprint) {
        return new TunnelRequest("token-" + fingerprint, fingerprint, ProxyEndpoint.parse("localhost:8443"),
                Path.of("ca.pem"), Map.of("ssh", new HostPort("localhost", 22)));
    }

    private static final class FakeTunnel implements RunningTunnel {
        final CompletableFuture<Integer> exit = new CompletableFuture<>();
        boolean closed;

        @Override
        public CompletableFuture<Integer> exit() {
            return exit;
        }

        @Override
        public TunnelState state() {
            return TunnelState.CONNECTED;
        }

        @Override
        public Optional<String> failure() {
            return Optional.empty();
        }

        @Override
        public void close() {
            closed = true;
            exit.complete(0);
        }
    }
}
