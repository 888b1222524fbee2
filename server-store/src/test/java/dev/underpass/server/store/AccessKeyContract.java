package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Access keys: creation, lookup of the sealed secret of active keys only, revocation, last use. */
interface AccessKeyContract extends StoreFixture {

    private AccessKeyStore keys() {
        return new JdbcAccessKeyStore(((JdbcTunnelStore) store()).dataSource());
    }

    @Test
    default void aCreatedKeyIsActiveAndHandsOutItsSealedSecret() {
        AccessKey key = keys().create("AKUPAAAAAAAAAAAAAAA1", "sealed-1", "ci", "for the CI job", "AKUPBOOT", T0);

        assertThat(key).isEqualTo(new AccessKey("AKUPAAAAAAAAAAAAAAA1", "ci", "for the CI job",
                AccessKeyStatus.ACTIVE, T0, "AKUPBOOT", null, null));
        assertThat(keys().sealedSecret("AKUPAAAAAAAAAAAAAAA1")).contains("sealed-1");
        assertThat(keys().find("AKUPAAAAAAAAAAAAAAA1")).contains(key);
        assertThat(keys().sealedSecret("AKUPUNKNOWN")).isEmpty();
    }

    @Test
    default void aRevokedKeyNoLongerHandsOutItsSecretAndStaysRevoked() {
        keys().create("AKUPAAAAAAAAAAAAAAA1", "sealed-1", null, null, "AKUPBOOT", T0);

        AccessKey revoked = keys().revoke("AKUPAAAAAAAAAAAAAAA1", T0.plusSeconds(60)).orElseThrow();
        AccessKey again = keys().revoke("AKUPAAAAAAAAAAAAAAA1", T0.plusSeconds(120)).orElseThrow();

        assertThat(revoked.status()).isEqualTo(AccessKeyStatus.REVOKED);
        assertThat(revoked.revokedAt()).isEqualTo(T0.plusSeconds(60));
        assertThat(again).isEqualTo(revoked);
        assertThat(keys().sealedSecret("AKUPAAAAAAAAAAAAAAA1")).isEmpty();
        assertThat(keys().revoke("AKUPUNKNOWN", T0)).isEmpty();
    }

    @Test
    default void keysAreListedOldestFirstWithTheirNames() {
        keys().create("AKUPB", "s", "second", null, "AKUPBOOT", T0.plusSeconds(1));
        keys().create("AKUPA", "s", "first", null, "AKUPBOOT", T0);
        keys().create("AKUPC", "s", null, null, "AKUPA", T0.plusSeconds(2));

        assertThat(keys().list()).extracting(AccessKey::accessKeyId).containsExactly("AKUPA", "AKUPB", "AKUPC");
        assertThat(keys().names(List.of("AKUPA", "AKUPC", "AKUPX"))).isEqualTo(Map.of("AKUPA", "first"));
    }

    @Test
    default void lastUseOnlyMovesForward() {
        keys().create("AKUPA", "s", null, null, "AKUPBOOT", T0);

        keys().markUsed(Map.of("AKUPA", T0.plusSeconds(10), "AKUPX", T0));
        keys().markUsed(Map.of("AKUPA", T0.plusSeconds(5)));

        assertThat(keys().find("AKUPA").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    default void aTakenIdIsRefusedWithoutEchoingTheSealedSecret() {
        keys().create("AKUPA", "sealed-original", null, null, "AKUPBOOT", T0);

        assertThatThrownBy(() -> keys().create("AKUPA", "sealed-second", null, null, "AKUPBOOT", T0))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("already taken")
                .hasMessageNotContaining("sealed-");
    }
}
