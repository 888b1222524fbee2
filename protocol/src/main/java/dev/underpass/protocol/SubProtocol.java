package dev.underpass.protocol;

import java.util.Collection;
import java.util.Optional;

/**
 * The WebSocket sub-protocols of the secure-tunneling data plane. The server answers the highest one a client offers;
 * a V3 session carries connection ids, V2 and V3 carry service ids, V1 carries neither.
 */
public enum SubProtocol {
    V1("aws.iot.securetunneling-1.0"),
    V2("aws.iot.securetunneling-2.0"),
    V3("aws.iot.securetunneling-3.0");

    private final String headerValue;

    SubProtocol(String headerValue) {
        this.headerValue = headerValue;
    }

    /** The value used in {@code Sec-WebSocket-Protocol}. */
    public String headerValue() {
        return headerValue;
    }

    /** Whether messages of this version carry a service id. */
    public boolean carriesServiceIds() {
        return this != V1;
    }

    /** Whether messages of this version carry a connection id (several TCP connections per stream). */
    public boolean carriesConnectionIds() {
        return this == V3;
    }

    /** Parses one header value exactly; empty if it names no version we speak. */
    public static Optional<SubProtocol> fromHeaderValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        for (SubProtocol p : values()) {
            if (p.headerValue.equals(trimmed)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /**
     * The highest version among the offered values; each value may itself be a comma-separated list as in a
     * {@code Sec-WebSocket-Protocol} header. Empty when none is ours.
     */
    public static Optional<SubProtocol> highestOffered(Collection<String> offered) {
        SubProtocol best = null;
        for (String header : offered) {
            for (String token : header.split(",")) {
                Optional<SubProtocol> p = fromHeaderValue(token);
                if (p.isPresent() && (best == null || p.get().compareTo(best) > 0)) {
                    best = p.get();
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
