package dev.underpass.e2e.support;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/** Reads a tunnel's state through the SDK and waits for it to change. */
public final class Tunnels {
    public static final Duration STATE_TIMEOUT = Duration.ofSeconds(20);

    private Tunnels() {
    }

    public static Tunnel describe(ServerAccess server, String tunnelId) {
        return server.api().describeTunnel(r -> r.tunnelId(tunnelId)).tunnel();
    }

    /** Waits until DescribeTunnel shows the given status on each side. */
    public static Tunnel awaitConnections(ServerAccess server, String tunnelId, ConnectionStatus source,
            ConnectionStatus destination) {
        Tunnel[] last = new Tunnel[1];
        Awaitility.await("tunnel " + tunnelId + " shows source " + source + " and destination " + destination)
                .atMost(STATE_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    last[0] = describe(server, tunnelId);
                    return last[0].sourceConnectionState().status() == source
                            && last[0].destinationConnectionState().status() == destination;
                });
        return last[0];
    }

    public static Tunnel awaitStatus(ServerAccess server, String tunnelId, TunnelStatus status) {
        Tunnel[] last = new Tunnel[1];
        Awaitility.await("tunnel " + tunnelId + " is " + status)
                .atMost(STATE_TIMEOUT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> (last[0] = describe(server, tunnelId)).status() == status);
        return last[0];
    }

    /** A fresh client token in the format SPEC §3 requires. */
    public static String newClientToken() {
        return "e2e-" + UUID.randomUUID();
    }
}
