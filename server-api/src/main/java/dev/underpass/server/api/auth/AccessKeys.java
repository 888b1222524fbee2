package dev.underpass.server.api.auth;

import java.util.Map;
import java.util.Optional;

/**
 * The server's access keys: which secret belongs to an access key id. Lookups happen on API worker threads, so an
 * implementation may read a file or a database; it must be thread-safe and must never log a secret.
 */
@FunctionalInterface
public interface AccessKeys {

    /** The secret access key of {@code accessKeyId}, or empty when the id is unknown (or disabled). */
    Optional<String> secretFor(String accessKeyId);

    /** Fixed keys, from access key id to secret. */
    static AccessKeys of(Map<String, String> secretsById) {
        Map<String, String> copy = Map.copyOf(secretsById);
        return id -> Optional.ofNullable(id == null ? null : copy.get(id));
    }
}
