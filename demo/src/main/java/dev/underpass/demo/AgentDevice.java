package dev.underpass.demo;

import dev.underpass.agent.Agent;
import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.tunnels.TunnelState;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The device side as on a real device: the device agent, in this process, with the certificate and key that
 * {@code things create} issued. It connects to the server's MQTT broker with them (mutual TLS); OpenTunnel's
 * notification then makes it start the destination proxy for the tunnel's services.
 */
final class AgentDevice implements DeviceSide {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final AgentConfig config;
    private Agent agent;

    /**
     * @param thing          the registered thing and its files
     * @param mqtt           the server's MQTT-over-TLS address
     * @param tunnelEndpoint the server's URL, for the destination proxies
     * @param services       service id to the device-local address it reaches
     */
    AgentDevice(ThingRegistration.Registered thing, HostPort mqtt, URI tunnelEndpoint, Map<String, HostPort> services) {
        AgentConfig.Builder builder = AgentConfig.builder(thing.thingName(), mqtt)
                .credentials(thing.certificate(), thing.privateKey(), thing.rootCa())
                .tunnelEndpoint(ProxyEndpoint.parse(tunnelEndpoint.toString()))
                .reconnectDelay(RECONNECT_DELAY, MAX_RECONNECT_DELAY);
        services.forEach(builder::service);
        this.config = builder.build();
    }

    @Override
    public void start() {
        agent = Agent.start(config);
        Conditions.await(agent::connected, TIMEOUT, "the device agent of " + config.thingName()
                + " connecting to the MQTT broker at " + config.mqttEndpoint());
    }

    @Override
    public void connect(OpenTunnelResponse tunnel) {
        // The agent runs this one tunnel only; its proxies are known by token fingerprints, not tunnel ids.
        Conditions.await(() -> agent.activeTunnels().stream().anyMatch(t -> t.state() == TunnelState.CONNECTED),
                TIMEOUT, "the device agent starting a destination proxy for tunnel " + tunnel.tunnelId());
    }

    @Override
    public String describe() {
        return "device agent got the tunnel's notification over MQTT (" + config.mqttEndpoint()
                + ", the thing's certificate) and started the destination proxy";
    }

    @Override
    public void close() {
        if (agent != null) {
            agent.close();
        }
    }
}
