package dev.underpass.server.api.auth;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rebuilds the SigV4 canonical request of a received request, the way the AWS SDKs build it for every service but
 * S3: the raw path normalised and percent-encoded once more, the query decoded, re-encoded and sorted, the signed
 * headers lower-case with whitespace collapsed, and the payload hash.
 */
final class CanonicalRequest {

    private CanonicalRequest() {
    }

    /**
     * @throws IllegalArgumentException when the query holds a malformed percent-escape
     */
    static String of(SigV4Request request, AuthorizationHeader authorization, String payloadHash) {
        return request.method() + "\n"
                + canonicalUri(request.rawPath()) + "\n"
                + canonicalQuery(request.rawQuery()) + "\n"
                + canonicalHeaders(request, authorization.signedHeaderNames()) + "\n"
                + authorization.signedHeaders() + "\n"
                + payloadHash;
    }

    /** The normalised path (dot segments removed), encoded again: the SDKs "double-encode" non-S3 paths. */
    static String canonicalUri(String rawPath) {
        if (rawPath.isEmpty() || rawPath.equals("/")) {
            return "/";
        }
        String path = rawPath;
        try {
            path = new URI(rawPath).normalize().getRawPath();
        } catch (URISyntaxException e) {
            // Not a valid URI path: no SDK sends one, so the signature check will fail on the raw path.
        }
        return AwsUriEncoding.encode(path, true);
    }

    /** {@code name=value} pairs, each side decoded then re-encoded, sorted by name then value, joined by {@code &}. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery.isEmpty()) {
            return "";
        }
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String parameter : rawQuery.split("&")) {
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            String value = equals < 0 ? "" : parameter.substring(equals + 1);
            pairs.add(Map.entry(AwsUriEncoding.encode(AwsUriEncoding.decode(name), false),
                    AwsUriEncoding.encode(AwsUriEncoding.decode(value), false)));
        }
        pairs.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        return pairs.stream().map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining("&"));
    }

    /** One {@code name:value\n} line per signed header, values of repeated headers joined by commas. */
    static String canonicalHeaders(SigV4Request request, List<String> names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(name).append(':');
            List<String> values = request.headerValues(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(values.get(i).strip().replaceAll("\\s+", " "));
            }
            out.append('\n');
        }
        return out.toString();
    }
}
