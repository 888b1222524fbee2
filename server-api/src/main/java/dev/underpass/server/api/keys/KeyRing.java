package dev.underpass.server.api.keys;

import dev.underpass.server.api.auth.AccessKeys;
import dev.underpass.server.store.AccessKeyStore;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Every key the server accepts: the bootstrap keys of the data directory's credentials file, then the active keys
 * of the database. Nothing is cached: each lookup asks the database, so a revoked key is refused from the next
 * request on, on every server sharing the database. Thread-safe; blocks on the database (API worker threads only).
 */
public final class KeyRing implements AccessKeys {
    private final Map<String, String> bootstrap;
    private final AccessKeyStore store;
    private final SecretSealer sealer;

    /** @param bootstrap access key id to secret, from the credentials file */
    public KeyRing(Map<String, String> bootstrap, AccessKeyStore store, SecretSealer sealer) {
        this.bootstrap = Map.copyOf(bootstrap);
        this.store = Objects.requireNonNull(store, "store");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
    }

    @Override
    public Optional<String> secretFor(String accessKeyId) {
        if (accessKeyId == null) {
            return Optional.empty();
        }
        String fixed = bootstrap.get(accessKeyId);
        if (fixed != null) {
            return Optional.of(fixed);
        }
        return store.sealedSecret(accessKeyId).map(sealed -> sealer.open(accessKeyId, sealed));
    }

    /** The ids of the credentials file's keys, which the API cannot revoke. */
    public Set<String> bootstrapIds() {
        return bootstrap.keySet();
    }

    @Override
    public String toString() {
        return "KeyRing[bootstrap=" + bootstrap.keySet() + ", secrets=MASKED]";
    }
}
