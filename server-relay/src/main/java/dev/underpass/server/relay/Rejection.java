package dev.underpass.server.relay;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An upgrade request refused before or at admission: the reason code for metrics, the HTTP status and a one-line
 * reason for the body, plus at most one header the status calls for ({@code Allow}, {@code Sec-WebSocket-Version}).
 */
final class Rejection extends Exception {
    private final RejectionReason code;
    private final HttpResponseStatus status;
    private final String headerName;
    private final String headerValue;

    Rejection(RejectionReason code, HttpResponseStatus status, String reason) {
        this(code, status, reason, null, null);
    }

    Rejection(RejectionReason code, HttpResponseStatus status, String reason, String headerName,
            String headerValue) {
        super(reason, null, false, false);
        this.code = code;
        this.status = status;
        this.headerName = headerName;
        this.headerValue = headerValue;
    }

    RejectionReason code() {
        return code;
    }

    HttpResponseStatus status() {
        return status;
    }

    String headerName() {
        return headerName;
    }

    String headerValue() {
        return headerValue;
    }
}
