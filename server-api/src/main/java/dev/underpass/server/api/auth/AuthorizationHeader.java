package dev.underpass.server.api.auth;

import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed SigV4 {@code Authorization} header:
 * {@code AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/IoTSecuredTunneling/aws4_request,
 * SignedHeaders=host;x-amz-date, Signature=<64 hex>}. Parse errors never repeat the signature.
 *
 * @param accessKeyId   the key id of the credential
 * @param scopeDate     the {@code yyyyMMdd} of the credential scope
 * @param scopeRegion   the region of the scope, any string
 * @param scopeService  the signing name of the scope
 * @param terminator    the scope terminator, {@code aws4_request} when well formed
 * @param signedHeaders the signed header names as listed
 * @param signature     the hex signature (secret-like: never log it)
 */
record AuthorizationHeader(String accessKeyId, String scopeDate, String scopeRegion, String scopeService,
                           String terminator, String signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    /** The credential scope as it enters the string to sign: {@code date/region/service/terminator}. */
    String scope() {
        return scopeDate + "/" + scopeRegion + "/" + scopeService + "/" + terminator;
    }

    /** The signed header names, as listed (they should be lower-case and sorted). */
    List<String> signedHeaderNames() {
        return Arrays.asList(signedHeaders.split(";", -1));
    }

    @Override
    public String toString() {
        return "AuthorizationHeader[" + accessKeyId + "/" + scope() + ", SignedHeaders=" + signedHeaders + "]";
    }

    static AuthorizationHeader parse(String header) {
        String value = header.strip();
        int space = value.indexOf(' ');
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!ALGORITHM.equals(algorithm)) {
            throw incomplete("Unsupported authorization algorithm '" + cut(algorithm)
                    + "'; sign requests with SigV4 (" + ALGORITHM + ").");
        }
        Map<String, String> parameters = new HashMap<>();
        for (String part : value.substring(space + 1).split(",")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                parameters.put(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "SignedHeaders", "Signature")) {
            if (parameters.getOrDefault(required, "").isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        if (!missing.isEmpty()) {
            throw incomplete(missing.toString().strip());
        }
        String credential = parameters.get("Credential");
        String[] scope = credential.split("/", -1);
        if (scope.length != 5 || Arrays.stream(scope).anyMatch(String::isEmpty)) {
            throw incomplete("Credential should be 'access key id/yyyyMMdd/region/service/aws4_request', not '"
                    + cut(credential) + "'.");
        }
        return new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], scope[4],
                parameters.get("SignedHeaders"), parameters.get("Signature"));
    }

    private static ApiException incomplete(String message) {
        return new ApiException(ErrorType.INCOMPLETE_SIGNATURE, message);
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
