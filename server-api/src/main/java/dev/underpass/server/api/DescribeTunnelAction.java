package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** DescribeTunnel: the full {@code Tunnel} shape, connection states included. */
final class DescribeTunnelAction implements Action {
    private final ApiContext context;

    DescribeTunnelAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String tunnelId = context.constraints().tunnelId(violations, request);
        violations.throwIfAny();

        ObjectNode response = TunnelJson.object();
        response.set("tunnel", TunnelJson.tunnel(context.tunnel(tunnelId), context.now()));
        return response;
    }
}
