package dev.underpass.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves an operation that must know who calls (the access keys: a key records its creator, and a key may not
 * revoke itself). Plugged into {@link dev.underpass.server.api.http.ControlApiHandler} next to {@link ControlApi}'s
 * operations, so that it shares their authentication, audit and metrics. Operations that do not need the caller are
 * {@link OperationHandler}s of {@link ControlApi}. Runs on an API worker thread and may block on the database.
 */
@FunctionalInterface
public interface CallerAwareHandler {

    /**
     * @param request the request object; {@code null} or a missing node counts as {@code {}}
     * @param caller  the access key id that signed the request (verified)
     * @return the response object
     * @throws ApiException when the request is at fault
     */
    ObjectNode handle(JsonNode request, String caller);
}
