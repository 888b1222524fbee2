package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.ARN_PREFIX;
import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The open-tunnel limit of {@link TunnelStore#create(NewTunnel, long)}: exact, also for racing calls. */
interface OpenLimitContract extends StoreFixture {

    @Test
    default void createRefusesTheTunnelBeyondTheLimitAndStoresNothing() {
        store().create(issue("a", T0).spec(), 2);
        store().create(issue("b", T0).spec(), 2);

        assertThatThrownBy(() -> store().create(issue("c", T0).spec(), 2))
                .isInstanceOfSatisfying(OpenTunnelLimitException.class, e -> assertThat(e.limit()).isEqualTo(2));
        assertThat(store().find("c")).isEmpty();
        assertThat(store().countOpen()).isEqualTo(2);
    }

    @Test
    default void closingDeletingOrExpiringAnOpenTunnelFreesItsPlace() {
        store().create(issue("closed", T0).spec(), 3);
        store().create(issue("deleted", T0).spec(), 3);
        store().create(issue("expiring", T0, SSH_ON_THING_1, 1, Map.of()).spec(), 3);
        assertThatThrownBy(() -> store().create(issue("x", T0).spec(), 3))
                .isInstanceOf(OpenTunnelLimitException.class);

        assertThat(store().close("closed", T0.plusSeconds(1))).isTrue();
        assertThat(store().close("closed", T0.plusSeconds(2))).isFalse();
        store().create(issue("after-close", T0).spec(), 3);
        assertThat(store().delete("deleted")).isTrue();
        assertThat(store().delete("deleted")).isFalse();
        store().create(issue("after-delete", T0).spec(), 3);
        assertThat(store().expireDue(T0.plusSeconds(60))).containsExactly("expiring");
        store().create(issue("after-expiry", T0).spec(), 3);

        assertThatThrownBy(() -> store().create(issue("y", T0).spec(), 3))
                .isInstanceOf(OpenTunnelLimitException.class);
        assertThat(store().countOpen()).isEqualTo(3);
    }

    @Test
    default void deletingAClosedTunnelFreesNoPlace() {
        store().create(issue("a", T0).spec(), 2);
        store().create(issue("b", T0).spec(), 2);
        store().close("a", T0.plusSeconds(1));
        store().create(issue("c", T0).spec(), 2);

        assertThat(store().delete("a")).isTrue();

        assertThatThrownBy(() -> store().create(issue("d", T0).spec(), 2))
                .isInstanceOf(OpenTunnelLimitException.class);
    }

    @Test
    default void aCreateThatFailsGivesItsPlaceBack() {
        TestTunnels.Issued first = issue("first", T0);
        store().create(first.spec(), 2);
        NewTunnel sameId = new NewTunnel("first", ARN_PREFIX + "first", null, null, 60, Map.of(),
                AccessTokens.hash(AccessTokens.generate()), AccessTokens.hash(AccessTokens.generate()), T0);

        assertThatThrownBy(() -> store().create(sameId, 2)).isInstanceOf(StoreException.class);

        store().create(issue("second", T0).spec(), 2);
        assertThat(store().countOpen()).isEqualTo(2);
    }

    @Test
    default void racingCreatesOpenExactlyAsManyTunnelsAsTheLimitAllows() throws Exception {
        int limit = 5;
        int threads = 8;
        int attemptsPerThread = 3;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int created = 0;
                    for (int i = 0; i < attemptsPerThread; i++) {
                        try {
                            store().create(issue("race-" + thread + "-" + i, T0).spec(), limit);
                            created++;
                        } catch (OpenTunnelLimitException e) {
                            // the expected outcome once the limit is reached
                        }
                    }
                    return created;
                }));
            }
            start.countDown();
            int created = 0;
            for (Future<Integer> result : results) {
                created += result.get(60, TimeUnit.SECONDS);
            }

            assertThat(created).isEqualTo(limit);
            assertThat(store().countOpen()).isEqualTo(limit);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void aFailingCreateAmongRacingOnesFailsAloneAndTheOthersAreStored() throws Exception {
        store().create(issue("taken", T0).spec(), 100);
        NewTunnel sameId = new NewTunnel("taken", ARN_PREFIX + "taken", null, null, 60, Map.of(),
                AccessTokens.hash(AccessTokens.generate()), AccessTokens.hash(AccessTokens.generate()), T0);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Tunnel>> created = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                NewTunnel spec = issue("racer-" + t, T0).spec();
                created.add(pool.submit(() -> {
                    start.await();
                    return store().create(spec, 100);
                }));
            }
            Future<Tunnel> clash = pool.submit(() -> {
                start.await();
                return store().create(sameId, 100);
            });
            start.countDown();

            for (Future<Tunnel> f : created) {
                assertThat(store().find(f.get(60, TimeUnit.SECONDS).tunnelId())).isPresent();
            }
            assertThatThrownBy(() -> clash.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(StoreException.class)
                    .hasMessageContaining("creating tunnel taken");
            assertThat(store().find("taken").orElseThrow().tunnelArn()).isEqualTo(ARN_PREFIX + "taken");
            assertThat(store().countOpen()).isEqualTo(threads + 1);
        } finally {
            pool.shutdownNow();
        }
    }
}
