package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.clientToken;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The data-plane admission rule of SPEC §3: single use, client tokens, modes, closed tunnels. */
interface TokenClaimContract extends StoreFixture {

    Instant NOW = T0.plusSeconds(30);

    @Test
    default void theFirstUseOfATokenIsClaimedAndReturnsItsTunnel() {
        TestTunnels.Issued issued = issue("t-1", T0);
        Tunnel tunnel = issued.createIn(store());

        Claim claim = store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, NOW);

        assertThat(claim).isEqualTo(new Claim(ClaimOutcome.CLAIMED, tunnel));
    }

    @Test
    default void aTokenUsedWithoutClientTokenIsAlreadyUsedWithOrWithoutOneNow() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), null, NOW);

        assertThat(store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), null, NOW).outcome())
                .isEqualTo(ClaimOutcome.ALREADY_USED);
        assertThat(store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION),
                AccessTokens.hash(clientToken()), NOW).outcome()).isEqualTo(ClaimOutcome.ALREADY_USED);
    }

    @Test
    default void theSameClientTokenReconnectsAgainAndAgain() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        String client = AccessTokens.hash(clientToken());

        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, NOW).outcome())
                .isEqualTo(ClaimOutcome.CLAIMED);
        for (int i = 0; i < 3; i++) {
            Claim again = store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, NOW.plusSeconds(i));
            assertThat(again.outcome()).isEqualTo(ClaimOutcome.RECONNECTED);
            assertThat(again.tunnel().tunnelId()).isEqualTo("t-1");
        }
    }

    @Test
    default void aDifferentClientTokenIsAMismatchAndNoClientTokenIsAlreadyUsed() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), AccessTokens.hash(clientToken()), NOW);

        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), AccessTokens.hash(clientToken()), NOW)
                .outcome()).isEqualTo(ClaimOutcome.CLIENT_TOKEN_MISMATCH);
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, NOW).outcome())
                .isEqualTo(ClaimOutcome.ALREADY_USED);
    }

    @Test
    default void aTokenNobodyIssuedIsUnknownAndHasNoTunnel() {
        issue("t-1", T0).createIn(store());

        Claim claim = store().claimToken(Mode.SOURCE, AccessTokens.hash(AccessTokens.generate()), null, NOW);

        assertThat(claim).isEqualTo(new Claim(ClaimOutcome.UNKNOWN_TOKEN, null));
    }

    @Test
    default void aTokenPresentedForTheOtherSideIsTheWrongModeAndStaysUnused() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());

        Claim claim = store().claimToken(Mode.DESTINATION, issued.hash(Mode.SOURCE), null, NOW);

        assertThat(claim.outcome()).isEqualTo(ClaimOutcome.WRONG_MODE);
        assertThat(claim.tunnel().tunnelId()).isEqualTo("t-1");
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, NOW).outcome())
                .isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    default void aTokenOfAClosedTunnelIsRefusedEvenWithItsClientToken() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        String client = AccessTokens.hash(clientToken());
        store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, NOW);
        store().close("t-1", NOW.plusSeconds(1));

        Claim claim = store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), client, NOW.plusSeconds(2));

        assertThat(claim.outcome()).isEqualTo(ClaimOutcome.TUNNEL_CLOSED);
        assertThat(claim.tunnel().status()).isEqualTo(TunnelStatus.CLOSED);
    }

    @Test
    default void aTunnelPastItsLifetimeIsClosedForClaimsBeforeTheSweepRuns() {
        TestTunnels.Issued issued = issue("t-1", T0, SSH_ON_THING_1, 1, Map.of());
        issued.createIn(store());
        Instant expiry = T0.plus(Duration.ofMinutes(1));

        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, expiry).outcome())
                .isEqualTo(ClaimOutcome.TUNNEL_CLOSED);
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, expiry.minusNanos(1000))
                .outcome()).isEqualTo(ClaimOutcome.CLAIMED);
    }

    @Test
    default void ofRacingFirstClaimsWithoutClientTokenExactlyOneIsClaimed() throws Exception {
        for (int round = 0; round < 5; round++) {
            TestTunnels.Issued issued = issue("race-" + round, T0);
            issued.createIn(store());

            List<ClaimOutcome> outcomes = race(8, i -> store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE),
                    null, NOW).outcome());

            assertThat(outcomes).filteredOn(o -> o == ClaimOutcome.CLAIMED).hasSize(1);
            assertThat(outcomes).filteredOn(o -> o != ClaimOutcome.CLAIMED).containsOnly(ClaimOutcome.ALREADY_USED);
        }
    }

    @Test
    default void ofRacingFirstClaimsWithDifferentClientTokensOnlyTheWinnersReconnects() throws Exception {
        TestTunnels.Issued issued = issue("race", T0);
        issued.createIn(store());
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(AccessTokens.hash(clientToken()));
        }

        List<ClaimOutcome> outcomes = race(8, i -> store().claimToken(Mode.DESTINATION,
                issued.hash(Mode.DESTINATION), clients.get(i), NOW).outcome());

        assertThat(outcomes).filteredOn(o -> o == ClaimOutcome.CLAIMED).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o != ClaimOutcome.CLAIMED)
                .containsOnly(ClaimOutcome.CLIENT_TOKEN_MISMATCH);
        String winner = clients.get(outcomes.indexOf(ClaimOutcome.CLAIMED));
        assertThat(store().claimToken(Mode.DESTINATION, issued.hash(Mode.DESTINATION), winner, NOW).outcome())
                .isEqualTo(ClaimOutcome.RECONNECTED);
    }

    /** Runs {@code racers} calls at once, released together by a barrier; returns their results by racer index. */
    private static List<ClaimOutcome> race(int racers, Racer racer) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(racers);
        try {
            CyclicBarrier start = new CyclicBarrier(racers);
            List<Future<ClaimOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    start.await();
                    return racer.run(index);
                }));
            }
            List<ClaimOutcome> outcomes = new ArrayList<>();
            for (Future<ClaimOutcome> future : futures) {
                outcomes.add(future.get(60, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    /** One racer's call. */
    @FunctionalInterface
    interface Racer {
        ClaimOutcome run(int index);
    }
}
