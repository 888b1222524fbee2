package dev.underpass.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves one of Underpass's own operations (access keys, audit) that is not a tunnel operation of
 * {@link ControlApi}; plugged into {@link dev.underpass.server.api.http.ControlApiHandler} so that it shares the
 * tunnel operations' authentication, audit and metrics. Runs on an API worker thread and may block on the database.
 */
@FunctionalInterface
public interface OperationHandler {

    /**
     * @param request the request object; {@code null} or a missing node counts as {@code {}}
     * @param caller  the access key id that signed the request (verified)
     * @return the response object
     * @throws ApiException when the request is at fault
     */
    ObjectNode handle(JsonNode request, String caller);
}
