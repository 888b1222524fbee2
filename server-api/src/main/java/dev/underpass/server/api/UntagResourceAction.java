package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.Tunnel;
import java.util.List;

/** UntagResource: removes the tags with the given keys from a tunnel named by ARN; absent keys are ignored. */
final class UntagResourceAction implements Action {
    private final ApiContext context;

    UntagResourceAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String arn = context.constraints().resourceArn(violations, request);
        List<String> keys = context.constraints().tagKeys(violations, request);
        violations.throwIfAny();

        Tunnel tunnel = context.tunnelByArn(arn);
        context.store().removeTags(tunnel.tunnelId(), keys).orElseThrow(() -> ApiContext.notFound(tunnel.tunnelId()));
        return TunnelJson.object();
    }
}
