package dev.underpass.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A device certificate as the registry keeps it (never its private key).
 *
 * @param certificateId  lower-case hex SHA-256 of the certificate's DER (64 characters)
 * @param certificateArn {@code arn:aws:iot:<region>:<account>:cert/<id>}
 * @param thingName      the thing it is attached to, or {@code null} when attached to none
 * @param status         {@code ACTIVE} or {@code INACTIVE}
 * @param certificatePem the certificate as PEM
 * @param createdAt      when it was registered
 * @param updatedAt      when its status or attachment last changed
 */
public record DeviceCertificate(String certificateId, String certificateArn, String thingName,
        CertificateStatus status, String certificatePem, Instant createdAt, Instant updatedAt) {

    public DeviceCertificate {
        Objects.requireNonNull(certificateId, "certificateId");
        Objects.requireNonNull(certificateArn, "certificateArn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /**
     * Whether a device presenting this certificate may connect as {@code clientId}: the certificate is active and
     * attached to the thing of that name. This is the check the MQTT broker makes at every handshake.
     */
    public boolean admits(String clientId) {
        return status == CertificateStatus.ACTIVE && thingName != null && thingName.equals(clientId);
    }
}
