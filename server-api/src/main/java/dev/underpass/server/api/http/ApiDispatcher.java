package dev.underpass.server.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ApiObserver;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.auth.SigV4Request;
import dev.underpass.server.api.auth.SigV4Verifier;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one call, blocking: authenticates it, finds the operation (AWS JSON 1.1 on {@code POST /}, else a REST
 * route), runs it and turns the outcome into a reply. Never throws: a fault becomes {@code InternalFailureException}
 * (500) with the request id, logged here with its stack trace and nothing of it shown to the caller.
 */
final class ApiDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ApiDispatcher.class);
    private static final String TARGETS = Arrays.stream(Operation.values()).filter(Operation::hasTarget)
            .map(Operation::target)
            .collect(Collectors.joining(", "));

    private final ControlApi api;
    private final SigV4Verifier verifier;
    private final ApiObserver observer;

    ApiDispatcher(ControlApi api, SigV4Verifier verifier, ApiObserver observer) {
        this.observer = observer;
        this.api = api;
        this.verifier = verifier;
    }

    ApiReply handle(ApiCall call) {
        boolean json11 = call.path().equals("/");
        long started = System.nanoTime();
        String caller = null;
        Operation operation = null;
        JsonNode input = null;
        ObjectNode output = null;
        ApiReply reply;
        try {
            if (call.malformedCause() != null) {
                throw ApiException.serialization("Malformed HTTP request: " + call.malformedCause());
            }
            caller = verifier.verify(call.request(),
                    json11 ? Operation.TUNNELING_SIGNING_NAME : RestRoutes.signingName(call.path()));
            if (json11) {
                operation = json11Operation(call.request());
                input = JsonBodies.parse(call.request().body());
            } else {
                RestRoutes.Call route = RestRoutes.resolve(call.request());
                operation = route.operation();
                input = route.input();
            }
            output = api.invoke(operation, input, caller);
            reply = new ApiReply(200, json11 ? ApiReply.JSON_11 : ApiReply.JSON, null, null, JsonBodies.write(output));
        } catch (ApiException e) {
            reply = error(json11, call, e.type(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Request {} ({} {}) failed inside the server", call.requestId(), call.request().method(),
                    call.path(), e);
            reply = internalFailure(call);
        }
        long elapsed = System.nanoTime() - started;
        if (operation == null && reply.errorType() != null) {
            operation = attempted(json11, call); // a refused call still says what it tried, for the audit
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("Request {} {} {} op={} key={} -> {}{} in {} ms", call.requestId(), call.request().method(),
                    call.path(), operation == null ? "-" : operation.awsName(), caller == null ? "-" : caller,
                    reply.status(), reply.errorType() == null ? "" : " " + reply.errorType().awsName(),
                    elapsed / 1_000_000);
        }
        observe(new ApiObserver.ApiCallRecord(call.requestId(), operation == null ? null : operation.awsName(),
                caller, reply.status(), reply.errorType() == null ? null : reply.errorType().awsName(), elapsed,
                call.remoteAddress(), AuditSubjects.tunnelId(input, output), AuditSubjects.thingName(input, output)));
        return reply;
    }

    private void observe(ApiObserver.ApiCallRecord record) {
        try {
            observer.completed(record);
        } catch (RuntimeException e) {
            LOG.warn("API observer failed on request {}: {}", record.requestId(), e.toString());
        }
    }

    /** The 500 answer for a fault outside any operation (e.g. a worker that died). */
    ApiReply internalFailure(ApiCall call) {
        return error(call.path().equals("/"), call, ErrorType.INTERNAL_FAILURE,
                "The server failed to process the request; quote request id " + call.requestId() + " to its operator.");
    }

    /** The answer when the API's executor refuses more work: throttling, which SDKs retry with back-off. */
    ApiReply busy(ApiCall call) {
        return error(call.path().equals("/"), call, ErrorType.THROTTLING,
                "The server is too busy to take this request now; retry with back-off.");
    }

    /** The operation a request asks for, or null when it names none; never throws. */
    private static Operation attempted(boolean json11, ApiCall call) {
        if (call.malformedCause() != null) {
            return null;
        }
        try {
            return json11 ? json11Operation(call.request()) : RestRoutes.resolve(call.request()).operation();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Operation json11Operation(SigV4Request request) {
        if (!request.method().equals("POST")) {
            throw new ApiException(ErrorType.METHOD_NOT_ALLOWED, "Method " + request.method()
                    + " is not allowed on /; AWS JSON 1.1 requests are POSTs.");
        }
        String target = request.header("x-amz-target");
        if (target == null) {
            throw new ApiException(ErrorType.UNKNOWN_OPERATION, "Missing X-Amz-Target header; name the operation as "
                    + "IoTSecuredTunneling.<Operation>, one of: " + TARGETS + ".");
        }
        return Operation.fromTarget(target.strip()).orElseThrow(() -> new ApiException(ErrorType.UNKNOWN_OPERATION,
                "Unknown operation '" + (target.length() > 100 ? target.substring(0, 100) + "..." : target)
                        + "'; this service implements " + TARGETS + "."));
    }

    private static ApiReply error(boolean json11, ApiCall call, ErrorType type, String message) {
        String allow = null;
        if (type == ErrorType.METHOD_NOT_ALLOWED) {
            allow = json11 ? "POST" : RestRoutes.allowedMethods(call.path());
        }
        return new ApiReply(json11 ? type.jsonStatus() : type.restStatus(), json11 ? ApiReply.JSON_11 : ApiReply.JSON,
                type, allow, JsonBodies.error(type, message));
    }
}
