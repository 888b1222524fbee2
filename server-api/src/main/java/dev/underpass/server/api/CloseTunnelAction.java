package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.TunnelStatus;

/**
 * CloseTunnel: closes an open tunnel; closing a closed one succeeds and changes nothing, as with AWS.
 * {@code delete: true} purges the tunnel at once, open or closed. Either way the relay is told to disconnect it.
 */
final class CloseTunnelAction implements Action {
    private final ApiContext context;

    CloseTunnelAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String tunnelId = context.constraints().tunnelId(violations, request);
        boolean delete = Boolean.TRUE.equals(request.bool("delete"));
        violations.throwIfAny();

        if (delete) {
            if (!context.store().delete(tunnelId)) {
                throw ApiContext.notFound(tunnelId);
            }
        } else if (context.tunnel(tunnelId).status() == TunnelStatus.OPEN) {
            // false here means another request closed it first: still a success.
            context.store().close(tunnelId, context.now());
        }
        context.events().tunnelClosed(tunnelId);
        return TunnelJson.object();
    }
}
