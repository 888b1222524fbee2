package dev.underpass.server.api.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What SigV4 needs of an HTTP request, as received: the method, the request target exactly as sent (raw path and
 * query, still percent-encoded), the headers and the body.
 *
 * @param method    e.g. {@code POST}
 * @param rawUri    the request target, e.g. {@code /tunnels/abc?delete=true}
 * @param headers   header values by name; names are matched case-insensitively
 * @param body      the body bytes, empty when none
 */
public record SigV4Request(String method, String rawUri, Map<String, List<String>> headers, byte[] body) {

    public SigV4Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawUri, "rawUri");
        Map<String, List<String>> lower = new TreeMap<>();
        Objects.requireNonNull(headers, "headers").forEach((name, values) ->
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        lower.replaceAll((name, values) -> List.copyOf(values));
        headers = Map.copyOf(lower);
        body = Objects.requireNonNull(body, "body");
    }

    /** All values of a header, in order; empty when absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headerValues(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The raw path: the request target up to {@code ?}. */
    public String rawPath() {
        int query = rawUri.indexOf('?');
        return query < 0 ? rawUri : rawUri.substring(0, query);
    }

    /** The raw query: what follows the first {@code ?}, or an empty string. */
    public String rawQuery() {
        int query = rawUri.indexOf('?');
        return query < 0 ? "" : rawUri.substring(query + 1);
    }

    /** Leaves the headers and body out: they carry the signature. */
    @Override
    public String toString() {
        return "SigV4Request[" + method + " " + rawPath() + "]";
    }
}
