package dev.underpass.server.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.auth.AwsUriEncoding;
import dev.underpass.server.api.auth.SigV4Request;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The REST routes of SPEC §2, each mapped to an operation and its JSON request: path and query parameters become
 * request members (a path id overrides one in the body). Paths and queries are percent-decoded strictly, as SigV4
 * reads them, so {@code +} stays {@code +}.
 *
 * <pre>
 * POST   /tunnels                 OpenTunnel            GET /tunnels?thingName=&amp;maxResults=&amp;nextToken=  ListTunnels
 * GET    /tunnels/{id}            DescribeTunnel        DELETE /tunnels/{id}?delete=true             CloseTunnel
 * POST   /tunnel/{id}/rotate      RotateTunnelAccessToken
 * POST   /tags                    TagResource           GET /tags?resourceArn=                       ListTagsForResource
 * POST   /untag                   UntagResource
 * POST   /keys                    CreateAccessKey       GET /keys                                    ListAccessKeys
 * DELETE /keys/{accessKeyId}      RevokeAccessKey       GET /tunnels/{id}/audit?maxResults=&amp;nextToken=  ListTunnelAudit
 * </pre>
 */
final class RestRoutes {

    /** An operation and its request, read from a route. */
    record Call(Operation operation, ObjectNode input) {
    }

    private RestRoutes() {
    }

    /**
     * @throws ApiException {@code UnknownOperationException} (404) for a path with no route,
     *                      {@code MethodNotAllowedException} (405) for a route without this method,
     *                      or a validation/serialization error in the parameters or body
     */
    static Call resolve(SigV4Request request) {
        List<String> segments = segments(request.rawPath());
        if (ThingRoutes.owns(segments)) {
            return ThingRoutes.resolve(request, segments);
        }
        String method = request.method();
        String allowed = allowedMethods(segments);
        if (allowed == null) {
            throw new ApiException(ErrorType.UNKNOWN_OPERATION, "No route for " + method + " " + request.rawPath()
                    + ". Routes: POST|GET /tunnels, GET|DELETE /tunnels/{id}, POST /tunnel/{id}/rotate, POST|GET /tags,"
                    + " POST /untag, POST|GET /keys, DELETE /keys/{accessKeyId}, GET /tunnels/{id}/audit; "
                    + ThingRoutes.SUMMARY + "; or POST / with X-Amz-Target: IoTSecuredTunneling.<Operation>.");
        }
        if (!List.of(allowed.split(", ")).contains(method)) {
            throw new ApiException(ErrorType.METHOD_NOT_ALLOWED, "Method " + method + " is not allowed on "
                    + request.rawPath() + "; use " + allowed + ".");
        }
        Map<String, String> query = query(request.rawQuery());
        byte[] body = request.body();
        String first = segments.get(0);
        return switch (first + "/" + segments.size() + "/" + method) {
            case "tunnels/1/POST" -> new Call(Operation.OPEN_TUNNEL, JsonBodies.parseObject(body));
            case "tunnels/1/GET" -> new Call(Operation.LIST_TUNNELS, listTunnels(query));
            case "tunnels/2/GET" -> new Call(Operation.DESCRIBE_TUNNEL, withTunnelId(JsonBodies.object(), segments));
            case "tunnels/2/DELETE" -> new Call(Operation.CLOSE_TUNNEL, closeTunnel(query, segments));
            case "tunnel/3/POST" -> new Call(Operation.ROTATE_TUNNEL_ACCESS_TOKEN,
                    withTunnelId(JsonBodies.parseObject(body), segments));
            case "tags/1/POST" -> new Call(Operation.TAG_RESOURCE, JsonBodies.parseObject(body));
            case "tags/1/GET" -> new Call(Operation.LIST_TAGS_FOR_RESOURCE, copy(query, JsonBodies.object(), "resourceArn"));
            case "untag/1/POST" -> new Call(Operation.UNTAG_RESOURCE, JsonBodies.parseObject(body));
            case "keys/1/POST" -> new Call(Operation.CREATE_ACCESS_KEY, JsonBodies.parseObject(body));
            case "keys/1/GET" -> new Call(Operation.LIST_ACCESS_KEYS, JsonBodies.object());
            case "keys/2/DELETE" -> new Call(Operation.REVOKE_ACCESS_KEY,
                    JsonBodies.object().put("accessKeyId", segments.get(1)));
            case "tunnels/3/GET" -> new Call(Operation.LIST_TUNNEL_AUDIT,
                    withTunnelId(listAudit(query), segments));
            default -> throw new IllegalStateException("route table and allowed methods disagree on " + segments);
        };
    }

    /** The methods a path allows, for {@code Allow}, or {@code null} when no route has this path. */
    static String allowedMethods(String rawPath) {
        return allowedMethods(segments(rawPath));
    }

    /** The SigV4 signing name requests on this path must use: {@code iot} for the registry's routes. */
    static String signingName(String rawPath) {
        try {
            return ThingRoutes.owns(segments(rawPath)) ? Operation.IOT_SIGNING_NAME
                    : Operation.TUNNELING_SIGNING_NAME;
        } catch (ApiException e) {
            return Operation.TUNNELING_SIGNING_NAME; // a malformed path: authentication first, the route error after
        }
    }

    private static String allowedMethods(List<String> segments) {
        if (segments.isEmpty()) {
            return null;
        }
        if (ThingRoutes.owns(segments)) {
            return ThingRoutes.allowedMethods(segments);
        }
        return switch (segments.get(0) + "/" + segments.size()) {
            case "tunnels/1", "tags/1" -> "GET, POST";
            case "tunnels/2" -> "GET, DELETE";
            case "tunnel/3" -> segments.get(2).equals("rotate") ? "POST" : null;
            case "untag/1" -> "POST";
            case "keys/1" -> "GET, POST";
            case "keys/2" -> "DELETE";
            case "tunnels/3" -> segments.get(2).equals("audit") ? "GET" : null;
            default -> null;
        };
    }

    private static ObjectNode listAudit(Map<String, String> query) {
        return maxResults(query, copy(query, JsonBodies.object(), "nextToken"));
    }

    private static ObjectNode listTunnels(Map<String, String> query) {
        return maxResults(query, copy(query, JsonBodies.object(), "thingName", "nextToken"));
    }

    private static ObjectNode maxResults(Map<String, String> query, ObjectNode input) {
        String maxResults = query.get("maxResults");
        if (maxResults != null) {
            try {
                input.put("maxResults", Long.parseLong(maxResults));
            } catch (NumberFormatException e) {
                throw ApiException.validation("1 validation error detected: Value '" + cut(maxResults)
                        + "' at 'maxResults' failed to satisfy constraint: Member must be an integer");
            }
        }
        return input;
    }

    private static ObjectNode closeTunnel(Map<String, String> query, List<String> segments) {
        ObjectNode input = withTunnelId(JsonBodies.object(), segments);
        String delete = query.get("delete");
        if (delete != null) {
            String value = delete.toLowerCase(Locale.ROOT);
            if (!value.equals("true") && !value.equals("false")) {
                throw ApiException.validation("1 validation error detected: Value '" + cut(delete)
                        + "' at 'delete' failed to satisfy constraint: Member must be true or false");
            }
            input.put("delete", Boolean.parseBoolean(value));
        }
        return input;
    }

    private static ObjectNode withTunnelId(ObjectNode input, List<String> segments) {
        input.put("tunnelId", segments.get(1));
        return input;
    }

    static ObjectNode copy(Map<String, String> query, ObjectNode input, String... names) {
        for (String name : names) {
            if (query.containsKey(name)) {
                input.put(name, query.get(name));
            }
        }
        return input;
    }

    /** Decoded path segments; a trailing slash is ignored. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(decode(raw, "path segment"));
            }
        }
        return segments;
    }

    /** Decoded query parameters; a parameter given twice is an error, as its meaning would be unclear. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "query parameter name");
            String value = decode(equals < 0 ? "" : pair.substring(equals + 1), "query parameter value");
            if (parameters.put(name, value) != null) {
                throw ApiException.validation("Query parameter '" + cut(name) + "' is given more than once; give it once.");
            }
        }
        return parameters;
    }

    private static String decode(String raw, String what) {
        try {
            return AwsUriEncoding.decode(raw);
        } catch (IllegalArgumentException e) {
            throw ApiException.validation("The " + what + " '" + cut(raw) + "' holds a malformed percent-escape.");
        }
    }

    static String cut(String text) {
        return text.length() <= 256 ? text : text.substring(0, 256) + "...";
    }
}
