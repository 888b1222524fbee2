package dev.underpass.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail. Never holds a token or a secret. Optional parts are null.
 *
 * @param seq                      position in the trail, assigned by the store; null before it is stored
 * @param occurredAt               when it happened
 * @param kind                     API call or tunnel event
 * @param action                   the operation ({@code OpenTunnel}, ...) or the event ({@code SIDE_CONNECTED}, ...)
 * @param outcome                  {@code ok}, or the AWS error name of a failed call
 * @param httpStatus               the status answered (API calls)
 * @param accessKeyId              who: the verified access key (API calls)
 * @param keyName                  the name of that key
 * @param tunnelId                 which tunnel
 * @param thingName                which thing
 * @param side                     {@code SOURCE} or {@code DESTINATION} (side events)
 * @param remoteAddress            from where: the caller's or the side's address
 * @param requestId                the {@code x-amzn-RequestId} of an API call
 * @param bytesSourceToDestination tunnel bytes relayed from source to destination while the side was connected
 * @param bytesDestinationToSource tunnel bytes relayed from destination to source while the side was connected
 * @param detail                   a short free-text addition (rotated sides, close reason)
 */
public record AuditEvent(Long seq, Instant occurredAt, AuditKind kind, String action, String outcome,
        Integer httpStatus, String accessKeyId, String keyName, String tunnelId, String thingName, String side,
        String remoteAddress, String requestId, Long bytesSourceToDestination, Long bytesDestinationToSource,
        String detail) {

    public AuditEvent {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** The same entry with who and which thing filled in where they were missing. */
    public AuditEvent enriched(String keyNameOrNull, String thingNameOrNull) {
        return new AuditEvent(seq, occurredAt, kind, action, outcome, httpStatus, accessKeyId,
                keyName != null ? keyName : keyNameOrNull, tunnelId, thingName != null ? thingName : thingNameOrNull,
                side, remoteAddress, requestId, bytesSourceToDestination, bytesDestinationToSource, detail);
    }
}
