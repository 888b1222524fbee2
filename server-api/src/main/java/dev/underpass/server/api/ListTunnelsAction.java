package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.InvalidNextTokenException;
import dev.underpass.server.store.Tunnel;
import dev.underpass.server.store.TunnelPage;
import java.time.Instant;

/**
 * ListTunnels: summaries, newest first, optionally of one thing's tunnels. Without {@code maxResults} a page holds
 * {@value Constraints#MAX_LIST_RESULTS} summaries, the most AWS allows.
 */
final class ListTunnelsAction implements Action {
    private final ApiContext context;

    ListTunnelsAction(ApiContext context) {
        this.context = context;
    }

    @Override
    public ObjectNode execute(JsonInput request) {
        Violations violations = new Violations();
        String thingName = context.constraints().thingName(violations, request);
        Long maxResults = request.integer("maxResults");
        violations.range(request.pathOf("maxResults"), maxResults, 1, Constraints.MAX_LIST_RESULTS);
        String nextToken = request.string("nextToken");
        violations.string(request.pathOf("nextToken"), nextToken, 1, Integer.MAX_VALUE, Constraints.NEXT_TOKEN);
        violations.throwIfAny();

        int pageSize = maxResults == null ? Constraints.MAX_LIST_RESULTS : maxResults.intValue();
        TunnelPage page;
        try {
            page = context.store().list(thingName, pageSize, nextToken);
        } catch (InvalidNextTokenException e) {
            Violations bad = new Violations();
            bad.add("nextToken", nextToken, "Member must be a nextToken returned by an earlier ListTunnels call");
            throw ApiException.validation(bad.message());
        }
        Instant now = context.now();
        ObjectNode response = TunnelJson.object();
        ArrayNode summaries = response.putArray("tunnelSummaries");
        for (Tunnel tunnel : page.tunnels()) {
            summaries.add(TunnelJson.summary(tunnel, now));
        }
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }
}
