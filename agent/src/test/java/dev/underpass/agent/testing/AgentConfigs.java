package dev.underpass.agent.testing;

import dev.underpass.agent.config.AgentConfig;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.time.Duration;

/** Agent configs for the test broker and server: a fresh device certificate and quick reconnects. */
public final class AgentConfigs {
    private AgentConfigs() {
    }

    /** A config for {@code thingName} with a new certificate, tunnels through {@code tunnels} (null: none). */
    public static AgentConfig.Builder forThing(TestPki pki, TestBroker broker, TunnelService tunnels,
            String thingName) {
        TestPki.Device device = pki.device(thingName);
        AgentConfig.Builder builder = AgentConfig.builder(thingName, new HostPort("localhost", broker.port()))
                .credentials(device.certificate(), device.privateKey(), device.rootCa())
                .reconnectDelay(Duration.ofMillis(50), Duration.ofMillis(500));
        if (tunnels != null) {
            builder.tunnelEndpoint(ProxyEndpoint.parse(tunnels.endpoint())).tunnelCa(tunnels.caFile());
        }
        return builder;
    }
}
