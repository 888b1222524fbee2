package dev.underpass.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An access key of the control API as stored, without its secret (which only {@link AccessKeyStore#sealedSecret}
 * hands out, sealed).
 *
 * @param accessKeyId the public id, e.g. {@code AKUP...}
 * @param name        a short label, or null
 * @param description free text, or null
 * @param status      active or revoked
 * @param createdAt   when it was created
 * @param createdBy   the access key id that created it
 * @param revokedAt   when it was revoked, or null
 * @param lastUsedAt  when it last signed a request that was answered, or null (kept to the audit writer's pace)
 */
public record AccessKey(String accessKeyId, String name, String description, AccessKeyStatus status,
        Instant createdAt, String createdBy, Instant revokedAt, Instant lastUsedAt) {

    public AccessKey {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }
}
