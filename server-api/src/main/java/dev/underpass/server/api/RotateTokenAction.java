package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.protocol.Mode;
import dev.underpass.server.store.AccessTokens;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.Tunnel;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * RotateTunnelAccessToken: replaces the token of one side or both, returning only the new token(s).
 * {@code destinationConfig} may accompany {@code DESTINATION} or {@code ALL} only; it replaces the tunnel's and
 * makes the new destination token go to the device again. Only an open tunnel's tokens can be rotated: a closed
 * or expired tunnel answers {@code ResourceNotFoundException} (the one error AWS models for this operation), and
 * rotation never extends the lifetime.
 */
final class RotateTokenAction implements Action {
    private static final List<String> CLIENT_MODES = List.of("SOURCE", "DESTINATION", "ALL");

    private final ApiContext context;

    RotateTokenAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String tunnelId = context.constraints().tunnelId(violations, request);
        String clientMode = request.string("clientMode");
        if (violations.required(request.pathOf("clientMode"), clientMode) && !CLIENT_MODES.contains(clientMode)) {
            violations.add(request.pathOf("clientMode"), clientMode, "Member must satisfy enum value set: " + CLIENT_MODES);
        }
        DestinationConfig destination = context.constraints().destinationConfig(violations, request);
        if ("SOURCE".equals(clientMode) && request.has("destinationConfig")) {
            violations.add(request.pathOf("destinationConfig"), request.rawText("destinationConfig"),
                    "Member must be absent when clientMode is SOURCE; use DESTINATION or ALL to change it");
        }
        violations.throwIfAny();

        Set<Mode> sides = "ALL".equals(clientMode) ? EnumSet.allOf(Mode.class) : EnumSet.of(Mode.valueOf(clientMode));
        if (!context.tunnel(tunnelId).isLiveAt(context.now())) {
            throw ApiException.notFound("Tunnel '" + tunnelId
                    + "' is closed or expired; only an open tunnel's access tokens can be rotated.");
        }
        Tunnel rotated = null;
        String sourceToken = null;
        String destinationToken = null;
        for (Mode side : sides) {
            String token = AccessTokens.generate();
            DestinationConfig config = side == Mode.DESTINATION ? destination : null;
            rotated = context.store().rotateToken(tunnelId, side, AccessTokens.hash(token), config, context.now())
                    .orElseThrow(() -> ApiException.notFound("Tunnel '" + tunnelId + "' was closed during rotation."));
            if (side == Mode.SOURCE) {
                sourceToken = token;
            } else {
                destinationToken = token;
            }
        }
        context.events().tokensRotated(rotated, sides, destination != null ? destinationToken : null);

        ObjectNode response = TunnelJson.object();
        response.put("tunnelArn", rotated.tunnelArn());
        if (sourceToken != null) {
            response.put("sourceAccessToken", sourceToken);
        }
        if (destinationToken != null) {
            response.put("destinationAccessToken", destinationToken);
        }
        return response;
    }
}
