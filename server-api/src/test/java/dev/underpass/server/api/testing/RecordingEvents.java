package dev.underpass.server.api.testing;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.store.Tunnel;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every event, in order. */
public final class RecordingEvents implements TunnelEvents {
    public record Opened(Tunnel tunnel, String destinationToken) {
    }

    public record Rotated(Tunnel tunnel, Set<Mode> sides, String destinationToken) {
    }

    public final List<Opened> opened = new CopyOnWriteArrayList<>();
    public final List<Rotated> rotated = new CopyOnWriteArrayList<>();
    public final List<String> closed = new CopyOnWriteArrayList<>();

    @Override
    public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        opened.add(new Opened(tunnel, destinationAccessToken));
    }

    @Override
    public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        rotated.add(new Rotated(tunnel, sides, newDestinationTokenOrNull));
    }

    @Override
    public void tunnelClosed(String tunnelId) {
        closed.add(tunnelId);
    }
}
