package dev.underpass.server.api;

/**
 * Learns of every control-API call once it is answered: for the metrics and the audit trail. Called on the
 * API's worker thread after the reply is decided; implementations must be quick and must not throw (a throwing
 * observer is logged and ignored).
 */
@FunctionalInterface
public interface ApiObserver {
    /** Observes nothing. */
    ApiObserver NONE = call -> { };

    void completed(ApiCallRecord call);

    /**
     * One answered call.
     *
     * @param requestId     the {@code x-amzn-RequestId} sent back
     * @param operation     the operation's AWS name, or null when the request named none we know
     * @param accessKeyId   the verified caller, or null when authentication failed or did not run
     * @param httpStatus    the status answered
     * @param errorType     the AWS error name answered, or null on success
     * @param durationNanos time from the start of handling to the reply
     * @param remoteAddress the caller's address ({@code host:port}), or null when unknown
     * @param tunnelId      the tunnel the call named or created, or null
     * @param thingName     the thing the call named, or null (the audit fills it in from the tunnel where it can)
     */
    record ApiCallRecord(String requestId, String operation, String accessKeyId, int httpStatus, String errorType,
            long durationNanos, String remoteAddress, String tunnelId, String thingName) {

        /** A call without address, tunnel or thing. */
        public ApiCallRecord(String requestId, String operation, String accessKeyId, int httpStatus,
                String errorType, long durationNanos) {
            this(requestId, operation, accessKeyId, httpStatus, errorType, durationNanos, null, null, null);
        }
    }
}
