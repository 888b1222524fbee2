package dev.underpass.server.store;

import java.util.List;
import java.util.Objects;

/**
 * One page of {@link TunnelStore#list}.
 *
 * @param tunnels   the tunnels on this page, newest first; unmodifiable
 * @param nextToken pass it to {@code list} for the next page; {@code null} on the last page
 */
public record TunnelPage(List<Tunnel> tunnels, String nextToken) {

    public TunnelPage {
        tunnels = List.copyOf(Objects.requireNonNull(tunnels, "tunnels"));
    }
}
