package dev.underpass.server.api;

import dev.underpass.server.store.Tunnel;
import dev.underpass.server.store.TunnelStore;
import java.time.Clock;
import java.time.Instant;

/** What every {@link Action} works with. */
record ApiContext(TunnelStore store, ApiSettings settings, Constraints constraints, Clock clock, TunnelEvents events) {

    Instant now() {
        return clock.instant();
    }

    /** The tunnel with this id, or {@code ResourceNotFoundException}. */
    Tunnel tunnel(String tunnelId) {
        return store.find(tunnelId).orElseThrow(() -> notFound(tunnelId));
    }

    /** The tunnel with this ARN, or {@code ResourceNotFoundException}. */
    Tunnel tunnelByArn(String arn) {
        return store.findByArn(arn).orElseThrow(() -> ApiException.notFound(
                "No tunnel has the ARN '" + arn + "'. Tunnel ARNs look like " + settings.tunnelArn("<tunnelId>") + "."));
    }

    static ApiException notFound(String tunnelId) {
        return ApiException.notFound("Tunnel '" + tunnelId + "' does not exist (closed tunnels are purged after a while).");
    }
}
