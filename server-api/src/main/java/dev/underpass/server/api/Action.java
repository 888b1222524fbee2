package dev.underpass.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One operation of the control API: validates its request, does the work, and returns the response object. */
interface Action {

    /** @throws ApiException for a bad request, an unknown tunnel or an exceeded limit */
    ObjectNode execute(JsonInput request);
}
