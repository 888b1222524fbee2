package dev.underpass.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Serves operations beyond the tunnel operations through {@link ControlApi}'s dispatch (the thing registry, the
 * access keys, the audit query). Same contract as {@link ControlApi#invoke}: blocking is allowed (it runs on the API's
 * worker threads), caller errors throw {@link ApiException}, anything else is a server fault.
 */
@FunctionalInterface
public interface OperationHandler {

    /**
     * @param request the request object, never null ({@code {}} when the request had no members)
     * @param caller  the access key id that signed the request (verified), or null when called without one
     */
    ObjectNode invoke(Operation operation, JsonNode request, String caller);
}
