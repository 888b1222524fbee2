package dev.underpass.server.tunnel;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.store.Tunnel;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes every event to each listener in order (the relay first, then the notifier, then the audit trail); one that
 * throws is logged and does not keep the event from the others.
 */
public final class CompositeTunnelEvents implements TunnelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(CompositeTunnelEvents.class);
    private final List<TunnelEvents> listeners;

    public CompositeTunnelEvents(TunnelEvents... listeners) {
        this.listeners = List.of(listeners);
    }

    @Override
    public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        each(l -> l.tunnelOpened(tunnel, destinationAccessToken));
    }

    @Override
    public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        each(l -> l.tokensRotated(tunnel, sides, newDestinationTokenOrNull));
    }

    @Override
    public void tunnelClosed(String tunnelId) {
        each(l -> l.tunnelClosed(tunnelId));
    }

    private void each(Consumer<TunnelEvents> event) {
        for (TunnelEvents listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("tunnel event listener {} failed", listener.getClass().getSimpleName(), e);
            }
        }
    }
}
