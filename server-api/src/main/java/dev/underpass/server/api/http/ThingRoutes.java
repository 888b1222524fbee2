package dev.underpass.server.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.auth.SigV4Request;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The REST routes of the thing registry, as AWS IoT's model gives them (restJson1, signing name {@code iot}), so
 * that the AWS SDK's {@code IotClient} works with an endpoint override. Path, query and the {@code x-amzn-principal}
 * header become string members of the request; {@link dev.underpass.server.api.things.ThingsApi} validates them.
 *
 * <pre>
 * POST   /things/{thingName}             CreateThing        GET    /things?maxResults=&amp;nextToken=   ListThings
 * GET    /things/{thingName}             DescribeThing      DELETE /things/{thingName}                DeleteThing
 * PUT    /things/{thingName}/principals  AttachThingPrincipal   (header x-amzn-principal: certificate ARN)
 * DELETE /things/{thingName}/principals  DetachThingPrincipal   (header x-amzn-principal)
 * GET    /things/{thingName}/principals  ListThingPrincipals
 * POST   /keys-and-certificate?setAsActive=true[&amp;thingName=]   CreateKeysAndCertificate
 * GET    /certificates?pageSize=&amp;marker=   ListCertificates   GET /certificates/{id}   DescribeCertificate
 * PUT    /certificates/{id}?newStatus=ACTIVE|INACTIVE             UpdateCertificate
 * GET    /root-ca                         GetRootCa (Underpass's own: the CA that verifies the server)
 * </pre>
 */
final class ThingRoutes {
    static final String SUMMARY = "POST|GET|DELETE /things/{name}, GET /things, PUT|GET|DELETE /things/{name}/principals,"
            + " POST /keys-and-certificate, GET /certificates, GET|PUT /certificates/{id}, GET /root-ca";

    private static final Set<String> FIRST_SEGMENTS = Set.of("things", "keys-and-certificate", "certificates",
            "root-ca");

    private ThingRoutes() {
    }

    /** Whether the path is one of the registry's (by its first segment). */
    static boolean owns(List<String> segments) {
        return !segments.isEmpty() && FIRST_SEGMENTS.contains(segments.get(0));
    }

    static RestRoutes.Call resolve(SigV4Request request, List<String> segments) {
        String method = request.method();
        String allowed = allowedMethods(segments);
        if (allowed == null) {
            throw new ApiException(ErrorType.UNKNOWN_OPERATION, "No route for " + method + " " + request.rawPath()
                    + ". Registry routes: " + SUMMARY + ".");
        }
        if (!List.of(allowed.split(", ")).contains(method)) {
            throw new ApiException(ErrorType.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed on "
                    + request.rawPath() + "; use " + allowed + ".");
        }
        Map<String, String> query = RestRoutes.query(request.rawQuery());
        ObjectNode input = JsonBodies.object();
        return switch (segments.get(0) + "/" + segments.size() + "/" + method) {
            case "things/1/GET" -> call(Operation.LIST_THINGS, RestRoutes.copy(query, input, "maxResults",
                    "nextToken"));
            case "things/2/POST" -> {
                ObjectNode body = JsonBodies.parseObject(request.body());
                body.put("thingName", segments.get(1));
                yield call(Operation.CREATE_THING, body);
            }
            case "things/2/GET" -> call(Operation.DESCRIBE_THING, input.put("thingName", segments.get(1)));
            case "things/2/DELETE" -> call(Operation.DELETE_THING,
                    RestRoutes.copy(query, input, "expectedVersion").put("thingName", segments.get(1)));
            case "things/3/PUT" -> call(Operation.ATTACH_THING_PRINCIPAL, principal(request, input, segments));
            case "things/3/DELETE" -> call(Operation.DETACH_THING_PRINCIPAL, principal(request, input, segments));
            case "things/3/GET" -> call(Operation.LIST_THING_PRINCIPALS,
                    RestRoutes.copy(query, input, "maxResults", "nextToken").put("thingName", segments.get(1)));
            case "keys-and-certificate/1/POST" -> call(Operation.CREATE_KEYS_AND_CERTIFICATE,
                    RestRoutes.copy(query, input, "setAsActive", "thingName"));
            case "certificates/1/GET" -> call(Operation.LIST_CERTIFICATES,
                    RestRoutes.copy(query, input, "pageSize", "marker", "isAscendingOrder"));
            case "certificates/2/GET" -> call(Operation.DESCRIBE_CERTIFICATE,
                    input.put("certificateId", segments.get(1)));
            case "certificates/2/PUT" -> call(Operation.UPDATE_CERTIFICATE,
                    RestRoutes.copy(query, input, "newStatus").put("certificateId", segments.get(1)));
            case "root-ca/1/GET" -> call(Operation.GET_ROOT_CA, input);
            default -> throw new IllegalStateException("route table and allowed methods disagree on " + segments);
        };
    }

    /** The methods a registry path allows, or {@code null} when it has no route. */
    static String allowedMethods(List<String> segments) {
        return switch (segments.get(0) + "/" + segments.size()) {
            case "things/1", "certificates/1", "root-ca/1" -> "GET";
            case "things/2" -> "GET, POST, DELETE";
            case "things/3" -> segments.get(2).equals("principals") ? "GET, PUT, DELETE" : null;
            case "keys-and-certificate/1" -> "POST";
            case "certificates/2" -> "GET, PUT";
            default -> null;
        };
    }

    private static ObjectNode principal(SigV4Request request, ObjectNode input, List<String> segments) {
        input.put("thingName", segments.get(1));
        List<String> principals = request.headerValues("x-amzn-principal");
        if (principals.size() > 1) {
            throw new ApiException(ErrorType.INVALID_REQUEST, "Give the x-amzn-principal header once.");
        }
        if (!principals.isEmpty()) {
            input.put("principal", principals.get(0).strip());
        }
        return input;
    }

    private static RestRoutes.Call call(Operation operation, ObjectNode input) {
        return new RestRoutes.Call(operation, input);
    }
}
