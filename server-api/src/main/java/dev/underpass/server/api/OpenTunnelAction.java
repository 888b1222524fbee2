package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.AccessTokens;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.NewTunnel;
import dev.underpass.server.store.OpenTunnelLimitException;
import dev.underpass.server.store.Tunnel;
import java.time.Instant;
import java.util.Map;

/**
 * OpenTunnel: stores a new tunnel with a time-ordered UUID id ({@link TunnelIds}) and two fresh access tokens (only
 * their hashes are kept), returns the tokens once, and announces the tunnel. The store enforces the open-tunnel limit
 * exactly, also for racing requests, without counting the tunnels on every call.
 */
final class OpenTunnelAction implements Action {
    private final ApiContext context;

    OpenTunnelAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Constraints constraints = context.constraints();
        Violations violations = new Violations();
        String description = constraints.description(violations, request);
        Map<String, String> tags = constraints.tags(violations, request, false);
        DestinationConfig destination = constraints.destinationConfig(violations, request);
        int lifetime = constraints.maxLifetimeMinutes(violations, request);
        violations.throwIfAny();

        int limit = context.settings().maxOpenTunnels();
        Instant now = context.now();
        String tunnelId = TunnelIds.next(now);
        String sourceToken = AccessTokens.generate();
        String destinationToken = AccessTokens.generate();
        Tunnel tunnel;
        try {
            tunnel = context.store().create(new NewTunnel(tunnelId, context.settings().tunnelArn(tunnelId),
                    description, destination, lifetime, tags == null ? Map.of() : tags,
                    AccessTokens.hash(sourceToken), AccessTokens.hash(destinationToken), now), limit);
        } catch (OpenTunnelLimitException e) {
            throw new ApiException(ErrorType.LIMIT_EXCEEDED, "There are already " + limit
                    + " open tunnels, the most this server allows; close some (CloseTunnel) or raise maxOpenTunnels.");
        }
        context.events().tunnelOpened(tunnel, destinationToken);

        ObjectNode response = TunnelJson.object();
        response.put("tunnelId", tunnel.tunnelId());
        response.put("tunnelArn", tunnel.tunnelArn());
        response.put("sourceAccessToken", sourceToken);
        response.put("destinationAccessToken", destinationToken);
        return response;
    }
}
