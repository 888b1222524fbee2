package dev.underpass.server.relay;

import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * An upgrade request refused before or at admission: the HTTP status and a one-line reason for the body, plus at
 * most one header the status calls for ({@code Allow}, {@code Sec-WebSocket-Version}).
 */
final class Rejection extends Exception {
    private final HttpResponseStatus status;
    private final String headerName;
    private final String headerValue;

    Rejection(HttpResponseStatus status, String reason) {
        this(status, reason, null, null);
    }

    Rejection(HttpResponseStatus status, String reason, String headerName, String headerValue) {
        super(reason, null, false, false);
        this.status = status;
        this.headerName = headerName;
        this.headerValue = headerValue;
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
