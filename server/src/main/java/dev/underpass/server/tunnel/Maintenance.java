package dev.underpass.server.tunnel;

import dev.underpass.server.relay.Relay;
import dev.underpass.server.store.TunnelStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces tunnel lifetimes and retention: tunnels past their lifetime are closed and their connections cut (this
 * survives restarts, since expiry is stored), and closed tunnels older than the retention are purged. The server runs
 * it on a schedule; tests call {@link #runOnce()} after moving their clock.
 */
public final class Maintenance {
    private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

    private final TunnelStore store;
    private final Relay relay;
    private final Clock clock;
    private final Duration closedRetention;
    private final Consumer<String> onExpired;

    public Maintenance(TunnelStore store, Relay relay, Clock clock, Duration closedRetention) {
        this(store, relay, clock, closedRetention, tunnelId -> { });
    }

    /** As above, telling {@code onExpired} (quick, non-blocking: the audit) of each tunnel closed for its age. */
    public Maintenance(TunnelStore store, Relay relay, Clock clock, Duration closedRetention,
            Consumer<String> onExpired) {
        this.onExpired = onExpired;
        this.store = store;
        this.relay = relay;
        this.clock = clock;
        this.closedRetention = closedRetention;
    }

    /** Closes expired tunnels and purges old closed ones; never throws. */
    public void runOnce() {
        try {
            Instant now = clock.instant();
            List<String> expired = store.expireDue(now);
            for (String tunnelId : expired) {
                LOG.info("Tunnel {} reached the end of its lifetime and is closed", tunnelId);
                relay.closeTunnel(tunnelId, "tunnel lifetime expired");
                onExpired.accept(tunnelId);
            }
            int purged = store.purgeClosedBefore(now.minus(closedRetention));
            if (purged > 0) {
                LOG.info("Purged {} closed tunnel(s) older than {}", purged, closedRetention);
            }
        } catch (RuntimeException e) {
            LOG.warn("Tunnel maintenance failed, will retry: {}", e.toString());
        }
    }
}
