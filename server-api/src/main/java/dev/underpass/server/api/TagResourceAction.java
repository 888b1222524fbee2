package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.Tunnel;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * TagResource: adds tags to a tunnel named by ARN, overwriting values of keys it has. A tunnel carries at most
 * {@value #MAX_TAGS_PER_TUNNEL} tags, so that repeated calls cannot grow it without bound.
 */
final class TagResourceAction implements Action {
    static final int MAX_TAGS_PER_TUNNEL = 200;

    private final ApiContext context;

    TagResourceAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String arn = context.constraints().resourceArn(violations, request);
        Map<String, String> tags = context.constraints().tags(violations, request, true);
        violations.throwIfAny();

        Tunnel tunnel = context.tunnelByArn(arn);
        Set<String> keys = new HashSet<>(tunnel.tags().keySet());
        keys.addAll(tags.keySet());
        if (keys.size() > MAX_TAGS_PER_TUNNEL) {
            throw new ApiException(ErrorType.LIMIT_EXCEEDED, "Tunnel '" + tunnel.tunnelId() + "' has "
                    + tunnel.tags().size() + " tags and this request would bring it to " + keys.size()
                    + "; a tunnel may carry at most " + MAX_TAGS_PER_TUNNEL + ". Remove some first (UntagResource).");
        }
        context.store().addTags(tunnel.tunnelId(), tags).orElseThrow(() -> ApiContext.notFound(tunnel.tunnelId()));
        return TunnelJson.object();
    }
}
