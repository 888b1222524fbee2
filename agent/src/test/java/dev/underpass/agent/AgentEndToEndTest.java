package dev.underpass.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.testing.AgentConfigs;
import dev.underpass.protocol.testing.EchoServer;
import dev.underpass.agent.testing.Fixtures;
import dev.underpass.agent.testing.LogCapture;
import dev.underpass.agent.testing.Publisher;
import dev.underpass.agent.testing.TcpClient;
import dev.underpass.agent.testing.TestBroker;
import dev.underpass.agent.testing.TestPki;
import dev.underpass.agent.testing.TunnelService;
import dev.underpass.agent.testing.WebServer;
import dev.underpass.agent.tunnels.ActiveTunnel;
import dev.underpass.agent.tunnels.TunnelState;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/** The whole device flow with real parts: the Underpass server, a TLS MQTT broker, the agent, and a source proxy. */
@ExtendWith({Fixtures.class, NettyLeakGuard.class})
class AgentEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private TestPki pki;
    private TestBroker broker;
    private TunnelService tunnels;
    private EchoServer echo;
    private WebServer web;
    private Publisher publisher;
    private LogCapture logs;

    @BeforeEach
    void start(TestPki pki, TestBroker broker, TunnelService tunnels) {
        this.pki = pki;
        this.broker = broker;
        this.tunnels = tunnels;
        echo = EchoServer.start();
        web = WebServer.start("hello from the device");
        publisher = Publisher.connect(pki, broker);
        logs = LogCapture.open();
    }

    @AfterEach
    void stop() throws IOException {
        logs.close();
        publisher.close();
        web.close();
        echo.close();
    }

    @Test
    void aNotifiedTunnelCarriesTcpAndHttpThroughBothOfItsServices() throws Exception {
        try (Agent agent = Agent.start(config("e2e-device").build())) {
            await().atMost(WAIT).until(agent::connected);
            OpenTunnelResponse tunnel = tunnels.open("e2e-device", "ssh", "web");
            publisher.notifyDestination("e2e-device", tunnel.destinationAccessToken(), List.of("ssh", "web"));

            ActiveTunnel active = awaitConnected(agent, 1).get(0);
            assertThat(active.destinations()).containsOnlyKeys("ssh", "web");
            try (LocalProxy source = source(tunnel, "ssh", "web")) {
                try (TcpClient client = new TcpClient(source.sourcePort("ssh"))) {
                    assertThat(client.roundTrip("through the tunnel")).isEqualTo("through the tunnel");
                }
                assertThat(httpGet(source.sourcePort("web"))).isEqualTo("hello from the device");
            }

            tunnels.close(tunnel.tunnelId());
            await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
            assertThat(logs.lines()).noneMatch(l -> l.contains(tunnel.destinationAccessToken())
                    || l.contains(tunnel.sourceAccessToken()));
        }
    }

    @Test
    void aNotificationPublishedWhileTheAgentIsAwayStartsTheTunnelWhenTheAgentComesBack() throws Exception {
        // The first run creates the persistent session that the broker queues the notification in.
        try (Agent first = Agent.start(config("offline-device").build())) {
            await().atMost(WAIT).until(first::connected);
        }
        OpenTunnelResponse tunnel = tunnels.open("offline-device", "ssh");
        publisher.notifyDestination("offline-device", tunnel.destinationAccessToken(), List.of("ssh"));

        try (Agent later = Agent.start(config("offline-device").build())) {
            awaitConnected(later, 1);
            try (LocalProxy source = source(tunnel, "ssh");
                    TcpClient client = new TcpClient(source.sourcePort("ssh"))) {
                assertThat(client.roundTrip("queued while away")).isEqualTo("queued while away");
            }
            tunnels.close(tunnel.tunnelId());
            await().atMost(WAIT).until(() -> later.activeTunnels().isEmpty());
        }
    }

    @Test
    void badPayloadsAreLoggedAndIgnoredAndTheNextGoodOneStartsItsTunnel() throws Exception {
        try (Agent agent = Agent.start(config("picky-device").build())) {
            await().atMost(WAIT).until(agent::connected);
            List<String> fakeTokens = List.of("AQGAAXfakeTokenNumberOne", "AQGAAXfakeTokenNumberTwo",
                    "AQGAAXfakeTokenNumberThree");
            publisher.publish("picky-device", "{\"clientAccessToken\": \"AQGAAXfakeTokenNumberOne\", oops");
            publisher.publish("picky-device", "{\"clientMode\": \"destination\", \"services\": [\"ssh\"]}");
            publisher.publish("picky-device", Publisher.notification(fakeTokens.get(1), "source", List.of("ssh")));
            publisher.publish("picky-device", Publisher.notification(fakeTokens.get(2), "destination",
                    List.of("ssh", "telnet")));
            publisher.publish("picky-device", "{\"clientAccessToken\": \"AQGAAXfakeTokenNumberFour\", \"clientMode\": "
                    + "\"destination\", \"services\": [\"ssh\"], \"padding\": \"" + "x".repeat(20_000) + "\"}");
            OpenTunnelResponse tunnel = tunnels.open("picky-device", "ssh");
            publisher.notifyDestination("picky-device", tunnel.destinationAccessToken(), List.of("ssh"));

            // One ordered QoS 1 stream: once the good one runs, every bad one has been handled.
            assertThat(awaitConnected(agent, 1)).hasSize(1);
            assertThat(logs.matching("ignored a tunnel notification", "not valid JSON")).hasSize(1);
            assertThat(logs.matching("ignored a tunnel notification", "no clientAccessToken")).hasSize(1);
            assertThat(logs.matching("ignored a tunnel notification", "clientMode is 'source'")).hasSize(1);
            assertThat(logs.matching("refused tunnel notification", "service 'telnet' is not in")).hasSize(1);
            assertThat(logs.matching("ignored a tunnel notification", "over the limit of 16384")).hasSize(1);
            try (LocalProxy source = source(tunnel, "ssh");
                    TcpClient client = new TcpClient(source.sourcePort("ssh"))) {
                assertThat(client.roundTrip("still working")).isEqualTo("still working");
            }
            List<String> lines = logs.lines();
            assertThat(lines).noneMatch(l -> fakeTokens.stream().anyMatch(l::contains)
                    || l.contains("AQGAAXfakeTokenNumberFour") || l.contains(tunnel.destinationAccessToken()));
            tunnels.close(tunnel.tunnelId());
            await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
        }
    }

    @Test
    void aDuplicateNotificationIsIgnoredWhileSeveralTunnelsRunAtOnce() throws Exception {
        try (Agent agent = Agent.start(config("busy-device").build())) {
            await().atMost(WAIT).until(agent::connected);
            OpenTunnelResponse first = tunnels.open("busy-device", "ssh");
            publisher.notifyDestination("busy-device", first.destinationAccessToken(), List.of("ssh"));
            awaitConnected(agent, 1);
            publisher.notifyDestination("busy-device", first.destinationAccessToken(), List.of("ssh"));
            OpenTunnelResponse second = tunnels.open("busy-device", "web");
            publisher.notifyDestination("busy-device", second.destinationAccessToken(), List.of("web"));

            // The second tunnel starting means the duplicate before it was handled: two tunnels, not three.
            assertThat(awaitConnected(agent, 2)).hasSize(2);
            assertThat(logs.matching("ignored a duplicate of tunnel notification")).hasSize(1);
            try (LocalProxy ssh = source(first, "ssh"); LocalProxy http = source(second, "web");
                    TcpClient client = new TcpClient(ssh.sourcePort("ssh"))) {
                assertThat(client.roundTrip("first tunnel")).isEqualTo("first tunnel");
                assertThat(httpGet(http.sourcePort("web"))).isEqualTo("hello from the device");
            }
            tunnels.close(first.tunnelId());
            await().atMost(WAIT).until(() -> agent.activeTunnels().size() == 1);
            tunnels.close(second.tunnelId());
            await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
        }
    }

    @Test
    void theAgentReconnectsAndSubscribesAgainAfterTheBrokerLostItsSession() throws Exception {
        try (Agent agent = Agent.start(config("restart-device").build())) {
            await().atMost(WAIT).until(agent::connected);
            broker.stop();
            await().atMost(WAIT).until(() -> !agent.connected());
            broker.startServer();
            await().atMost(WAIT).until(agent::connected);

            OpenTunnelResponse tunnel = tunnels.open("restart-device", "ssh");
            try (Publisher again = Publisher.connect(pki, broker)) {
                again.notifyDestination("restart-device", tunnel.destinationAccessToken(), List.of("ssh"));
            }
            awaitConnected(agent, 1);
            assertThat(logs.matching("connected to MQTT broker", "new session")).hasSize(2);
            tunnels.close(tunnel.tunnelId());
            await().atMost(WAIT).until(() -> agent.activeTunnels().isEmpty());
        }
    }

    private AgentConfig.Builder config(String thing) {
        return AgentConfigs.forThing(pki, broker, tunnels, thing)
                .service("ssh", new HostPort("127.0.0.1", echo.port()))
                .service("web", new HostPort("127.0.0.1", web.port()));
    }

    /** Waits until {@code count} tunnels run and every destination is connected to the server. */
    static List<ActiveTunnel> awaitConnected(Agent agent, int count) {
        return await().atMost(WAIT).until(agent::activeTunnels, list -> list.size() == count
                && list.stream().allMatch(t -> t.state() == TunnelState.CONNECTED));
    }

    private LocalProxy source(OpenTunnelResponse tunnel, String... services) throws Exception {
        LocalProxyConfig.Builder config = LocalProxyConfig.builder(Mode.SOURCE, tunnel.sourceAccessToken(),
                ProxyEndpoint.parse(tunnels.endpoint())).caPath(tunnels.caFile()).bindAddress("127.0.0.1");
        for (String service : services) {
            config.listenPort(service, 0);
        }
        LocalProxy proxy = LocalProxy.start(config.build());
        proxy.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return proxy;
    }

    private static String httpGet(int port) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + port + "/").toURL()
                .openConnection();
        connection.setRequestProperty("Connection", "close");
        connection.setConnectTimeout(10_000);
        connection.setReadTimeout(10_000);
        try (InputStream in = connection.getInputStream()) {
            assertThat(connection.getResponseCode()).isEqualTo(200);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            connection.disconnect();
        }
    }
}
