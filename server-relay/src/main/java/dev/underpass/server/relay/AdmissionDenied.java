package dev.underpass.server.relay;

/**
 * Why a connection is not admitted. The relay answers the upgrade request with {@link #httpStatus()} and the
 * {@link #getMessage() reason} as a one-line text body: 4xx for faults of the client (the localproxy gives up),
 * 503 for retryable faults of the server (the localproxy retries). The reason must not contain secrets.
 */
public final class AdmissionDenied extends Exception {
    private final int httpStatus;

    /**
     * @param httpStatus 400–599
     * @param reason     one line saying what was wrong, without tokens
     */
    public AdmissionDenied(int httpStatus, String reason) {
        super(reason, null, false, false); // an expected outcome: no stack trace
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("httpStatus must be 400-599, got " + httpStatus);
        }
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
