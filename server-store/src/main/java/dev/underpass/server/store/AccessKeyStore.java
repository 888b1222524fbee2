package dev.underpass.server.store;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Durable storage of the control API's access keys. Secrets are only ever passed in and out sealed (encrypted by the
 * caller); the store never sees a plain secret. Thread-safe; database failures throw {@link StoreException}, whose
 * messages never carry a sealed secret.
 */
public interface AccessKeyStore {

    /**
     * Stores a new active key.
     *
     * @throws StoreException when the id is already taken
     */
    AccessKey create(String accessKeyId, String sealedSecret, String name, String description, String createdBy,
            Instant createdAt);

    /** The key with this id, active or revoked. */
    Optional<AccessKey> find(String accessKeyId);

    /** The sealed secret of an <em>active</em> key; empty when the key is unknown or revoked. */
    Optional<String> sealedSecret(String accessKeyId);

    /** Every stored key, oldest first. */
    List<AccessKey> list();

    /**
     * Revokes an active key at {@code at}: from then on {@link #sealedSecret} no longer returns it.
     *
     * @return the key as it is now; empty when there is no such key. Revoking a revoked key changes nothing.
     */
    Optional<AccessKey> revoke(String accessKeyId, Instant at);

    /** Records when keys were last used; a time earlier than the one stored is ignored. Unknown ids are ignored. */
    void markUsed(Map<String, Instant> lastUseById);

    /** Names of the stored keys with these ids (keys without a name, or unknown, are left out). */
    Map<String, String> names(Collection<String> accessKeyIds);
}
