package dev.underpass.server.store;

import static dev.underpass.server.store.TestTunnels.SSH_ON_THING_1;
import static dev.underpass.server.store.TestTunnels.T0;
import static dev.underpass.server.store.TestTunnels.issue;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail: appended in order, read per tunnel in pages, kept after the tunnel is purged. */
interface AuditContract extends StoreFixture {

    private AuditStore audit() {
        return new JdbcAuditStore(((JdbcTunnelStore) store()).dataSource());
    }

    private static AuditEvent call(String action, String tunnelId, int second) {
        return new AuditEvent(null, T0.plusSeconds(second), AuditKind.API_CALL, action, "ok", 200, "AKUPA", "ci",
                tunnelId, null, null, "127.0.0.1:5000", "req-" + second, null, null, null);
    }

    @Test
    default void entriesComeBackPerTunnelInOrderWithEveryField() {
        AuditEvent disconnected = new AuditEvent(null, T0.plusSeconds(3), AuditKind.TUNNEL_EVENT,
                "SIDE_DISCONNECTED", "ok", null, null, null, "t-1", "thing-1", "SOURCE", "10.0.0.1:4000", null,
                123_456_789_012L, 7L, "x".repeat(600));
        audit().append(List.of(call("OpenTunnel", "t-1", 1), call("OpenTunnel", "t-2", 2), disconnected));

        List<AuditEvent> trail = audit().forTunnel("t-1", 0, 10);

        assertThat(trail).hasSize(2);
        assertThat(trail.get(0).seq()).isLessThan(trail.get(1).seq());
        assertThat(trail.get(0)).usingRecursiveComparison().ignoringFields("seq")
                .isEqualTo(call("OpenTunnel", "t-1", 1));
        AuditEvent read = trail.get(1);
        assertThat(read.bytesSourceToDestination()).isEqualTo(123_456_789_012L);
        assertThat(read.bytesDestinationToSource()).isEqualTo(7L);
        assertThat(read.httpStatus()).isNull();
        assertThat(read.detail()).hasSize(512); // cut to the column, never failing the batch
    }

    @Test
    default void aTunnelsTrailIsReadInPages() {
        List<AuditEvent> many = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            many.add(call("DescribeTunnel", "t-1", i));
        }
        audit().append(many);

        List<AuditEvent> first = audit().forTunnel("t-1", 0, 3);
        List<AuditEvent> rest = audit().forTunnel("t-1", first.get(2).seq(), 3);

        assertThat(first).extracting(AuditEvent::requestId).containsExactly("req-0", "req-1", "req-2");
        assertThat(rest).extracting(AuditEvent::requestId).containsExactly("req-3", "req-4");
    }

    @Test
    default void thingNamesAreFoundForTunnelsAndTheTrailOutlivesAPurge() {
        issue("t-1", T0, SSH_ON_THING_1, 60, Map.of()).createIn(store());
        audit().append(List.of(call("OpenTunnel", "t-1", 1)));

        assertThat(audit().thingNames(List.of("t-1", "t-unknown"))).isEqualTo(Map.of("t-1", "thing-1"));
        store().delete("t-1");

        assertThat(audit().thingNames(List.of("t-1"))).isEmpty();
        assertThat(audit().forTunnel("t-1", 0, 10)).hasSize(1);
    }
}
