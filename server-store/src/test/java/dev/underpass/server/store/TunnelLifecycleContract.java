package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.ARN_PREFIX;
import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.Mode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating, finding, closing, expiring and purging tunnels. */
interface TunnelLifecycleContract extends StoreFixture {

    @Test
    default void aCreatedTunnelIsOpenDisconnectedAndFoundByIdAndByArn() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("owner", "ops");
        tags.put("env", "prod");
        TestTunnels.Issued issued = issue("t-1", T0, new DestinationConfig("thing-1", List.of("SSH1", "VNC")), 30,
                tags);

        Tunnel created = issued.createIn(store());

        assertThat(created.tunnelId()).isEqualTo("t-1");
        assertThat(created.tunnelArn()).isEqualTo(ARN_PREFIX + "t-1");
        assertThat(created.status()).isEqualTo(TunnelStatus.OPEN);
        assertThat(created.description()).isEqualTo("tunnel t-1");
        assertThat(created.destinationConfig()).isEqualTo(new DestinationConfig("thing-1", List.of("SSH1", "VNC")));
        assertThat(created.maxLifetimeMinutes()).isEqualTo(30);
        assertThat(created.tags()).containsExactly(Map.entry("owner", "ops"), Map.entry("env", "prod"));
        for (Mode side : Mode.values()) {
            assertThat(created.connectionState(side)).isEqualTo(ConnectionState.disconnected(T0));
        }
        assertThat(created.createdAt()).isEqualTo(T0);
        assertThat(created.lastUpdatedAt()).isEqualTo(T0);
        assertThat(created.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(created.closedAt()).isNull();
        assertThat(store().find("t-1")).contains(created);
        assertThat(store().findByArn(ARN_PREFIX + "t-1")).contains(created);
    }

    @Test
    default void aTunnelWithoutDescriptionOrDestinationConfigKeepsThemNull() {
        NewTunnel spec = new NewTunnel("bare", ARN_PREFIX + "bare", null, null, 720, Map.of(),
                AccessTokens.hash("s"), AccessTokens.hash("d"), T0);

        Tunnel created = store().create(spec);

        assertThat(created.description()).isNull();
        assertThat(created.destinationConfig()).isNull();
        assertThat(store().find("bare")).contains(created);
    }

    @Test
    default void aDestinationConfigWithoutThingOrServicesRoundTrips() {
        issue("no-thing", T0, new DestinationConfig(null, List.of()), 5, Map.of()).createIn(store());

        assertThat(store().find("no-thing").orElseThrow().destinationConfig())
                .isEqualTo(new DestinationConfig(null, List.of()));
    }

    @Test
    default void timesRoundTripToTheMicrosecondAndFinerPartsAreDropped() {
        Instant withNanos = Instant.parse("2026-03-01T10:00:00.123456789Z");

        Tunnel created = issue("precise", withNanos).createIn(store());

        assertThat(created.createdAt()).isEqualTo(Instant.parse("2026-03-01T10:00:00.123456Z"));
        assertThat(store().find("precise").orElseThrow().createdAt()).isEqualTo(created.createdAt());
    }

    @Test
    default void unknownIdsAndArnsAreNotFound() {
        assertThat(store().find("missing")).isEmpty();
        assertThat(store().findByArn(ARN_PREFIX + "missing")).isEmpty();
    }

    @Test
    default void anArnFindsItsTunnelOnlyWhenItMatchesWhole() {
        issue("t-1", T0).createIn(store());

        assertThat(store().findByArn(ARN_PREFIX + "t-1")).isPresent();
        assertThat(store().findByArn("arn:aws:iot:eu-west-1:123456789012:tunnel/t-1")).isEmpty();
        assertThat(store().findByArn(ARN_PREFIX.replace("tunnel/", "thing/") + "t-1")).isEmpty();
        assertThat(store().findByArn("t-1")).isEmpty();
        assertThat(store().findByArn("")).isEmpty();
    }

    @Test
    default void anArnThatDoesNotEndWithTheTunnelIdIsRejected() {
        assertThatThrownBy(() -> new NewTunnel("t-1", ARN_PREFIX + "t-2", null, null, 60, Map.of(),
                AccessTokens.hash("s"), AccessTokens.hash("d"), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must end with '/t-1'");
    }

    @Test
    default void closingSetsClosedTimesAndDisconnectsBothSides() {
        issue("t-1", T0).createIn(store());
        store().setConnectionState("t-1", Mode.SOURCE, ConnectionStatus.CONNECTED, T0.plusSeconds(1));
        Instant at = T0.plusSeconds(10);

        assertThat(store().close("t-1", at)).isTrue();

        Tunnel closed = store().find("t-1").orElseThrow();
        assertThat(closed.status()).isEqualTo(TunnelStatus.CLOSED);
        assertThat(closed.closedAt()).isEqualTo(at);
        assertThat(closed.lastUpdatedAt()).isEqualTo(at);
        assertThat(closed.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(60)));
        for (Mode side : Mode.values()) {
            assertThat(closed.connectionState(side)).isEqualTo(ConnectionState.disconnected(at));
        }
    }

    @Test
    default void aClosedTunnelNeverReopensAndClosingItAgainChangesNothing() {
        TestTunnels.Issued issued = issue("t-1", T0);
        issued.createIn(store());
        store().close("t-1", T0.plusSeconds(10));

        assertThat(store().close("t-1", T0.plusSeconds(20))).isFalse();
        assertThat(store().rotateToken("t-1", Mode.SOURCE, AccessTokens.hash("new"), null, T0.plusSeconds(30)))
                .isEmpty();
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, T0.plusSeconds(40)).outcome())
                .isEqualTo(ClaimOutcome.TUNNEL_CLOSED);
        Tunnel closed = store().find("t-1").orElseThrow();
        assertThat(closed.status()).isEqualTo(TunnelStatus.CLOSED);
        assertThat(closed.closedAt()).isEqualTo(T0.plusSeconds(10));
    }

    @Test
    default void closingAMissingTunnelReturnsFalse() {
        assertThat(store().close("missing", T0)).isFalse();
    }

    @Test
    default void deletingPurgesTheTunnelAndItsTokensAtOnce() {
        TestTunnels.Issued issued = issue("t-1", T0, SSH_ON_THING_1, 60, Map.of("k", "v"));
        issued.createIn(store());

        assertThat(store().delete("t-1")).isTrue();

        assertThat(store().find("t-1")).isEmpty();
        assertThat(store().claimToken(Mode.SOURCE, issued.hash(Mode.SOURCE), null, T0).outcome())
                .isEqualTo(ClaimOutcome.UNKNOWN_TOKEN);
        assertThat(store().delete("t-1")).isFalse();
        issued.createIn(store()); // nothing of the old rows is left to clash with
    }

    @Test
    default void countOpenCountsOnlyOpenTunnels() {
        issue("a", T0).createIn(store());
        issue("b", T0).createIn(store());
        issue("c", T0).createIn(store());
        store().close("b", T0.plusSeconds(1));

        assertThat(store().countOpen()).isEqualTo(2);
    }

    @Test
    default void expireDueClosesExactlyTheOpenTunnelsWhoseLifetimeIsOver() {
        issue("short", T0, SSH_ON_THING_1, 1, Map.of()).createIn(store());
        issue("exact", T0.minusSeconds(60), SSH_ON_THING_1, 2, Map.of()).createIn(store());
        issue("long", T0, SSH_ON_THING_1, 60, Map.of()).createIn(store());
        issue("closed", T0, SSH_ON_THING_1, 1, Map.of()).createIn(store());
        store().close("closed", T0.plusSeconds(5));
        Instant now = T0.plusSeconds(60);

        List<String> expired = store().expireDue(now);

        assertThat(expired).containsExactlyInAnyOrder("short", "exact");
        assertThat(store().find("short").orElseThrow().closedAt()).isEqualTo(now);
        assertThat(store().find("long").orElseThrow().status()).isEqualTo(TunnelStatus.OPEN);
        assertThat(store().find("closed").orElseThrow().closedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(store().expireDue(now)).isEmpty();
    }

    @Test
    default void purgeDeletesOnlyTunnelsClosedBeforeTheCutoff() {
        issue("old", T0).createIn(store());
        issue("recent", T0).createIn(store());
        issue("open", T0).createIn(store());
        store().close("old", T0.plusSeconds(10));
        store().close("recent", T0.plusSeconds(30));

        assertThat(store().purgeClosedBefore(T0.plusSeconds(30))).isEqualTo(1);

        assertThat(store().find("old")).isEmpty();
        assertThat(store().find("recent")).isPresent();
        assertThat(store().find("open")).isPresent();
    }
}
