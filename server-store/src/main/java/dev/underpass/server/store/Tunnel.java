package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a stored tunnel. It never holds an access token nor a token hash.
 *
 * @param tunnelId                   the id, unique
 * @param tunnelArn                  the ARN, unique
 * @param status                     open or closed
 * @param description                free text, or {@code null}
 * @param destinationConfig          thing and services, or {@code null} when none was given
 * @param maxLifetimeMinutes         the lifetime given at creation
 * @param tags                       tags in insertion order; unmodifiable
 * @param sourceConnectionState      whether a source proxy is connected
 * @param destinationConnectionState whether a destination proxy is connected
 * @param createdAt                  when the tunnel was opened
 * @param lastUpdatedAt              when the tunnel was last closed or had a token rotated
 * @param expiresAt                  {@code createdAt + maxLifetimeMinutes}; rotation does not move it
 * @param closedAt                   when the tunnel was closed, or {@code null} while open
 */
public record Tunnel(
        String tunnelId,
        String tunnelArn,
        TunnelStatus status,
        String description,
        DestinationConfig destinationConfig,
        int maxLifetimeMinutes,
        Map<String, String> tags,
        ConnectionState sourceConnectionState,
        ConnectionState destinationConnectionState,
        Instant createdAt,
        Instant lastUpdatedAt,
        Instant expiresAt,
        Instant closedAt) {

    public Tunnel {
        Objects.requireNonNull(tunnelId, "tunnelId");
        Objects.requireNonNull(tunnelArn, "tunnelArn");
        Objects.requireNonNull(status, "status");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        Objects.requireNonNull(sourceConnectionState, "sourceConnectionState");
        Objects.requireNonNull(destinationConnectionState, "destinationConnectionState");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUpdatedAt, "lastUpdatedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** The connection state of the given side. */
    public ConnectionState connectionState(Mode side) {
        return side == Mode.SOURCE ? sourceConnectionState : destinationConnectionState;
    }

    /** Whether the tunnel still admits connections at {@code now}: open and not past its lifetime. */
    public boolean isLiveAt(Instant now) {
        return status == TunnelStatus.OPEN && expiresAt.isAfter(now);
    }
}
