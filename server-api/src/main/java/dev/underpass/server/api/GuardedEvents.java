package dev.underpass.server.api;

import dev.underpass.protocol.Mode;
import dev.underpass.server.store.Tunnel;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes events on and logs what a listener throws, since the change it reports is already stored and the API
 * request must still succeed.
 */
final class GuardedEvents implements TunnelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedEvents.class);

    private final TunnelEvents delegate;

    GuardedEvents(TunnelEvents delegate) {
        this.delegate = delegate;
    }

    @Override
    public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        try {
            delegate.tunnelOpened(tunnel, destinationAccessToken);
        } catch (RuntimeException e) {
            LOG.error("TunnelEvents.tunnelOpened failed for tunnel {}", tunnel.tunnelId(), e);
        }
    }

    @Override
    public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        try {
            delegate.tokensRotated(tunnel, Set.copyOf(sides), newDestinationTokenOrNull);
        } catch (RuntimeException e) {
            LOG.error("TunnelEvents.tokensRotated failed for tunnel {}", tunnel.tunnelId(), e);
        }
    }

    @Override
    public void tunnelClosed(String tunnelId) {
        try {
            delegate.tunnelClosed(tunnelId);
        } catch (RuntimeException e) {
            LOG.error("TunnelEvents.tunnelClosed failed for tunnel {}", tunnelId, e);
        }
    }
}
