package dev.underpass.server.tunnel;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.relay.Relay;
import dev.underpass.server.store.Tunnel;
import java.util.Set;

/** Carries control-plane events to the data plane: a closed tunnel or a rotated token cuts its connections. */
public final class RelayTunnelEvents implements TunnelEvents {
    private final Relay relay;

    public RelayTunnelEvents(Relay relay) {
        this.relay = relay;
    }

    @Override
    public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        // Devices learn of new tunnels over MQTT; nothing to do in the relay.
    }

    @Override
    public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        relay.disconnect(tunnel.tunnelId(), sides, "access token rotated");
    }

    @Override
    public void tunnelClosed(String tunnelId) {
        relay.closeTunnel(tunnelId, "tunnel closed");
    }
}
