package dev.underpass.server.relay;

/**
 * Why an upgrade request to {@code /tunnel} was refused, as a small fixed set of codes for metrics and logs. A code
 * names the kind of fault, never what the client sent: label values stay bounded and tokens never leak.
 */
public enum RejectionReason {
    /** The HTTP request could not be decoded. */
    MALFORMED_REQUEST("malformed_request"),
    /** Request line and headers over the handshake limit. */
    HEADERS_TOO_LARGE("headers_too_large"),
    /** A path other than {@code /tunnel}. */
    BAD_PATH("bad_path"),
    /** A method other than GET. */
    BAD_METHOD("bad_method"),
    /** Not a WebSocket upgrade, or one without {@code Sec-WebSocket-Key}, or one the handshake failed on. */
    BAD_WEBSOCKET_HANDSHAKE("bad_websocket_handshake"),
    /** A WebSocket version other than 13. */
    BAD_WEBSOCKET_VERSION("bad_websocket_version"),
    /** {@code local-proxy-mode} missing, repeated or not source/destination. */
    BAD_MODE("bad_mode"),
    /** No access token, or an empty one. */
    MISSING_TOKEN("missing_token"),
    /** More than one access token (headers and cookies together). */
    DUPLICATE_TOKEN("duplicate_token"),
    /** A {@code client-token} header repeated or not matching its pattern. */
    BAD_CLIENT_TOKEN("bad_client_token"),
    /** No supported {@code Sec-WebSocket-Protocol} offered. */
    BAD_SUBPROTOCOL("bad_subprotocol"),
    /** The access token is not known (never issued, rotated away, or its tunnel purged). */
    UNKNOWN_TOKEN("unknown_token"),
    /** A single-use access token presented again without the client token it was first used with. */
    TOKEN_REUSED("token_reused"),
    /** The client token differs from the one the access token was first used with. */
    CLIENT_TOKEN_MISMATCH("client_token_mismatch"),
    /** The access token is the other side's. */
    MODE_MISMATCH("mode_mismatch"),
    /** The token's tunnel is closed. */
    TUNNEL_CLOSED("tunnel_closed"),
    /** The tunnel store failed or is unreachable (503, retried by clients). */
    STORE_UNAVAILABLE("store_unavailable"),
    /** Too many admissions under way, or the admission executor is full (503). */
    OVERLOADED("overloaded"),
    /** The server is shutting down (503). */
    SHUTTING_DOWN("shutting_down");

    private final String tag;

    RejectionReason(String tag) {
        this.tag = tag;
    }

    /** The code as a metric label value: lower case with underscores. */
    public String tag() {
        return tag;
    }
}
