package dev.underpass.server.relay;

import java.util.Objects;

/**
 * Why a connection is not admitted. The relay answers the upgrade request with {@link #httpStatus()} and the
 * {@link #getMessage() reason} as a one-line text body, and counts it under its {@link #code()}: 4xx for faults of
 * the client (the localproxy gives up), 503 for retryable faults of the server (the localproxy retries). The reason
 * must not contain secrets.
 */
public final class AdmissionDenied extends Exception {
    private final int httpStatus;
    private final RejectionReason code;

    /**
     * @param httpStatus 400–599
     * @param code       the kind of refusal, for metrics
     * @param reason     one line saying what was wrong, without tokens
     */
    public AdmissionDenied(int httpStatus, RejectionReason code, String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be 400-599, got " + httpStatus);
        }
        this.httpStatus = httpStatus;
        this.code = Objects.requireNonNull(code, "code");
    }

    public RejectionReason code() {
        return code;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
