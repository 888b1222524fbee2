package dev.underpass.demo;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.protocol.Mode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The device side without a device agent: the demo hands the destination token from OpenTunnel's answer straight to
 * a destination proxy in this process — what the agent does when the token arrives over MQTT.
 */
final class DirectDestination implements DeviceSide {
    private final URI endpoint;
    private final Path caFile;
    private final Map<String, HostPort> services;
    private LocalProxy proxy;

    /**
     * @param services service id to the device-local address it reaches
     */
    DirectDestination(URI endpoint, Path caFile, Map<String, HostPort> services) {
        this.endpoint = endpoint;
        this.caFile = caFile;
        this.services = Map.copyOf(services);
    }

    @Override
    public void start() {
        // nothing to wait for: the token comes straight from OpenTunnel's answer
    }

    @Override
    public void connect(OpenTunnelResponse tunnel) {
        LocalProxyConfig config = Proxies.config(Mode.DESTINATION, tunnel.destinationAccessToken(), endpoint, caFile)
                .destinations(services)
                .build();
        proxy = Proxies.startReady(config, "destination proxy");
    }

    @Override
    public String describe() {
        return "destination proxy started with the tunnel's destination token (as the device agent would)";
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.close();
        }
    }
}
