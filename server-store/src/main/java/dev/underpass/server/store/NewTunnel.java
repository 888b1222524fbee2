package dev.underpass.server.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link TunnelStore#create} stores: the tunnel as opened, with the hashes (never the tokens) of its two
 * access tokens. Both sides start unused and {@code DISCONNECTED} at {@code createdAt}.
 *
 * @param tunnelId             the id, unique
 * @param tunnelArn            the ARN, ending with {@code "/" + tunnelId}, which makes it unique as the id is
 * @param description          free text, or {@code null}
 * @param destinationConfig    thing and services, or {@code null}
 * @param maxLifetimeMinutes   lifetime, at least 1
 * @param tags                 tags in insertion order, possibly empty
 * @param sourceTokenHash      {@link AccessTokens#hash} of the source access token
 * @param destinationTokenHash {@link AccessTokens#hash} of the destination access token; differs from the source's
 * @param createdAt            when the tunnel opens
 */
public record NewTunnel(
        String tunnelId,
        String tunnelArn,
        String description,
        DestinationConfig destinationConfig,
        int maxLifetimeMinutes,
        Map<String, String> tags,
        String sourceTokenHash,
        String destinationTokenHash,
        Instant createdAt) {

    public NewTunnel {
        Objects.requireNonNull(tunnelId, "tunnelId");
        Objects.requireNonNull(tunnelArn, "tunnelArn");
        if (!tunnelArn.endsWith("/" + tunnelId)) {
            throw new IllegalArgumentException("the tunnel ARN must end with '/" + tunnelId + "' (its tunnel id), was '"
                    + tunnelArn + "'");
        }
        if (maxLifetimeMinutes < 1) {
            throw new IllegalArgumentException("maxLifetimeMinutes must be at least 1, was " + maxLifetimeMinutes);
        }
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tags, "tags")));
        tags.forEach((key, value) -> {
            Objects.requireNonNull(key, "tag key");
            Objects.requireNonNull(value, "tag value");
        });
        AccessTokens.requireHash(sourceTokenHash, "sourceTokenHash");
        AccessTokens.requireHash(destinationTokenHash, "destinationTokenHash");
        if (sourceTokenHash.equals(destinationTokenHash)) {
            throw new IllegalArgumentException("the source and destination token hashes must differ");
        }
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** When the tunnel expires: {@code createdAt + maxLifetimeMinutes}. */
    public Instant expiresAt() {
        return createdAt.plus(Duration.ofMinutes(maxLifetimeMinutes));
    }

    /** Leaves the token hashes out, so that a logged {@code NewTunnel} leaks nothing. */
    @Override
    public String toString() {
        return "NewTunnel[tunnelId=" + tunnelId + ", tunnelArn=" + tunnelArn + ", destinationConfig=" + destinationConfig
                + ", maxLifetimeMinutes=" + maxLifetimeMinutes + ", tags=" + tags + ", createdAt=" + createdAt + "]";
    }
}
