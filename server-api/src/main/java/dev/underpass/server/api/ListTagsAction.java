package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** ListTagsForResource: the tags of a tunnel named by ARN, always as a list (possibly empty). */
final class ListTagsAction implements Action {
    private final ApiContext context;

    ListTagsAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String arn = context.constraints().resourceArn(violations, request);
        violations.throwIfAny();

        ObjectNode response = TunnelJson.object();
        response.set("tags", TunnelJson.tags(context.tunnelByArn(arn).tags()));
        return response;
    }
}
