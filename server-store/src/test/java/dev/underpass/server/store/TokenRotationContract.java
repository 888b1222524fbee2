package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.clientToken;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RotateTunnelAccessToken: the old token dies at once, the new one starts unused, the lifetime stays. */
interface TokenRotationContract extends StoreFixture {

    Instant LATER = T0.plusSeconds(120);

    @Test
    default void rotationRevokesTheOldTokenAtOnceAndKeepsTheExpiry() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        String client = AccessTokens.hash(clientToken());
        store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, T0.plusSeconds(1));
        String newToken = AccessTokens.generate();

        Tunnel rotated = store().rotateToken("t-1", Mode.SOURCE, AccessTokens.hash(newToken), null, LATER)
                .orElseThrow();

        assertThat(rotated.lastUpdatedAt()).isEqualTo(LATER);
        assertThat(rotated.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
        assertThat(rotated.destinationConfig()).isEqualTo(SSH_ON_THING_1);
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, LATER).outcome())
                .isEqualTo(ClaimOutcome.UNKNOWN_TOKEN);
        assertThat(store().claimToken(Mode.SOURCE, AccessTokens.hash(newToken), null, LATER).outcome())
                .isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    default void rotatingOneSideLeavesTheOtherSidesTokenAndUseAlone() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        String client = AccessTokens.hash(clientToken());
        store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), client, T0.plusSeconds(1));

        store().rotateToken("t-1", Mode.SOURCE, AccessTokens.hash("new source"), null, LATER);

        assertThat(store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), client, LATER).outcome())
                .isEqualTo(ClaimOutcome.RECONNECTED);
        assertThat(store().claimToken(Mode.SOURCE, AccessTokens.hash("new source"), null, LATER).outcome())
                .isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    default void aDestinationRotationWithAConfigReplacesTheConfig() {
        issue("t-1", T0).createIn(store());
        DestinationConfig config = new DestinationConfig("thing-2", List.of("HTTP", "SSH2"));

        Tunnel rotated = store().rotateToken("t-1", Mode.DESTINATION, AccessTokens.hash("d2"), config, LATER)
                .orElseThrow();

        assertThat(rotated.destinationConfig()).isEqualTo(config);
        assertThat(store().find("t-1").orElseThrow().destinationConfig()).isEqualTo(config);
        assertThat(store().list("thing-2", 10, null).tunnels()).extracting(Tunnel::tunnelId).containsExactly("t-1");
    }

    @Test
    default void aTunnelWithoutConfigGetsTheOneGivenAtRotation() {
        issue("t-1", T0, null, 60, Map.of()).createIn(store());
        DestinationConfig config = new DestinationConfig(null, List.of("SSH"));

        Tunnel rotated = store().rotateToken("t-1", Mode.DESTINATION, AccessTokens.hash("d2"), config, LATER)
                .orElseThrow();

        assertThat(rotated.destinationConfig()).isEqualTo(config);
    }

    @Test
    default void missingClosedAndExpiredTunnelsCannotBeRotated() {
        issue("closed", T0).createIn(store());
        store().close("closed", T0.plusSeconds(1));
        issue("expired", T0, SSH_ON_THING_1, 1, Map.of()).createIn(store());
        Instant afterExpiry = T0.plus(Duration.ofMinutes(1));

        assertThat(store().rotateToken("missing", Mode.SOURCE, AccessTokens.hash("a"), null, LATER)).isEmpty();
        assertThat(store().rotateToken("closed", Mode.SOURCE, AccessTokens.hash("b"), null, LATER)).isEmpty();
        assertThat(store().rotateToken("expired", Mode.SOURCE, AccessTokens.hash("c"), null, afterExpiry)).isEmpty();
        assertThat(store().find("closed").orElseThrow().lastUpdatedAt()).isEqualTo(T0.plusSeconds(1));
    }
}
