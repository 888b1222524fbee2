package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.Mode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Connection states of the two sides, and their reset at server start. */
interface ConnectionStateContract extends StoreFixture {

    @Test
    default void aConnectionStateChangeTouchesOnlyThatSideAndNotTheTunnelsLastUpdate() {
        issue("t-1", T0).createIn(store());

        store().setConnectionState("t-1", Mode.DESTINATION, ConnectionStatus.CONNECTED, T0.plusSeconds(5));

        Tunnel tunnel = store().find("t-1").orElseThrow();
        assertThat(tunnel.connectionState(Mode.DESTINATION))
                .isEqualTo(new ConnectionState(ConnectionStatus.CONNECTED, T0.plusSeconds(5)));
        assertThat(tunnel.connectionState(Mode.SOURCE)).isEqualTo(ConnectionState.disconnected(T0));
        assertThat(tunnel.lastUpdatedAt()).isEqualTo(T0);

        store().setConnectionState("t-1", Mode.DESTINATION, ConnectionStatus.DISCONNECTED, T0.plusSeconds(9));

        assertThat(store().find("t-1").orElseThrow().connectionState(Mode.DESTINATION))
                .isEqualTo(ConnectionState.disconnected(T0.plusSeconds(9)));
    }

    @Test
    default void aClosedTunnelKeepsTheStatesItWasClosedWith() {
        issue("t-1", T0).createIn(store());
        store().close("t-1", T0.plusSeconds(5));

        store().setConnectionState("t-1", Mode.SOURCE, ConnectionStatus.CONNECTED, T0.plusSeconds(6));

        assertThat(store().find("t-1").orElseThrow().sourceConnectionState())
                .isEqualTo(ConnectionState.disconnected(T0.plusSeconds(5)));
    }

    @Test
    default void settingTheStateOfAMissingTunnelDoesNothing() {
        store().setConnectionState("missing", Mode.SOURCE, ConnectionStatus.CONNECTED, T0);

        assertThat(store().find("missing")).isEmpty();
    }

    @Test
    default void resetAtStartDisconnectsEveryConnectedSideOfEveryOpenTunnel() {
        issue("both", T0).createIn(store());
        issue("one", T0).createIn(store());
        store().setConnectionState("both", Mode.SOURCE, ConnectionStatus.CONNECTED, T0.plusSeconds(1));
        store().setConnectionState("both", Mode.DESTINATION, ConnectionStatus.CONNECTED, T0.plusSeconds(1));
        store().setConnectionState("one", Mode.SOURCE, ConnectionStatus.CONNECTED, T0.plusSeconds(1));
        store().setConnectionState("one", Mode.SOURCE, ConnectionStatus.DISCONNECTED, T0.plusSeconds(2));
        store().setConnectionState("one", Mode.DESTINATION, ConnectionStatus.CONNECTED, T0.plusSeconds(3));
        Instant restart = T0.plusSeconds(100);

        store().resetConnectionStates(restart);

        Tunnel both = store().find("both").orElseThrow();
        assertThat(both.sourceConnectionState()).isEqualTo(ConnectionState.disconnected(restart));
        assertThat(both.destinationConnectionState()).isEqualTo(ConnectionState.disconnected(restart));
        Tunnel one = store().find("one").orElseThrow();
        assertThat(one.sourceConnectionState()).isEqualTo(ConnectionState.disconnected(T0.plusSeconds(2)));
        assertThat(one.destinationConnectionState()).isEqualTo(ConnectionState.disconnected(restart));
        assertThat(one.lastUpdatedAt()).isEqualTo(T0);
    }
}
