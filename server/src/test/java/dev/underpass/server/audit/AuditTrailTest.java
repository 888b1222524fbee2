package dev.underpass.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.server.store.AccessKeyStore;
import dev.underpass.server.store.AuditEvent;
import dev.underpass.server.store.AuditKind;
import dev.underpass.server.store.AuditStore;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.JdbcAccessKeyStore;
import dev.underpass.server.store.JdbcAuditStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.store.NewTunnel;
import dev.underpass.server.store.StoreSettings;
import dev.underpass.server.api.ApiObserver.ApiCallRecord;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit writer on a real H2 database: entries arrive enriched; a full queue drops and counts, never blocks. */
class AuditTrailTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    @TempDir
    Path dataDir;

    private JdbcTunnelStore tunnels;
    private AccessKeyStore keys;
    private AuditStore audit;

    @BeforeEach
    void open() {
        tunnels = Database.open(StoreSettings.h2File(dataDir));
        keys = new JdbcAccessKeyStore(tunnels.dataSource());
        audit = new JdbcAuditStore(tunnels.dataSource());
    }

    @AfterEach
    void close() {
        tunnels.close();
    }

    @Test
    void entriesAreStoredWithKeyAndThingNamesAndTheKeysLastUse() {
        tunnels.create(new NewTunnel("t-1", "arn:aws:iot:us-east-1:000000000000:tunnel/t-1", null,
                new DestinationConfig("pump-7", List.of("ssh")), 60, Map.of(), HASH_A, HASH_B, T0));
        keys.create("AKUPOPERATOR0000000A", "v1.sealed", "operator", null, "AKUPBOOT", T0);
        try (AuditTrail trail = new AuditTrail(audit, keys, Map.of("AKUPBOOT", "bootstrap"), 100)) {
            Audit hooks = new Audit(trail, java.time.Clock.fixed(T0.plusSeconds(5), java.time.ZoneOffset.UTC));

            hooks.apiObserver().completed(new ApiCallRecord("r-1", "DescribeTunnel", "AKUPOPERATOR0000000A", 200,
                    null, 1_000, "10.0.0.9:5000", "t-1", null));
            hooks.apiObserver().completed(new ApiCallRecord("r-2", "CloseTunnel", "AKUPBOOT", 200, null, 1_000,
                    "10.0.0.9:5001", "t-1", null));
            hooks.expiryListener().accept("t-1");

            await().until(() -> audit.forTunnel("t-1", 0, 10).size() == 3);
        }
        List<AuditEvent> trail = audit.forTunnel("t-1", 0, 10);
        assertThat(trail).extracting(AuditEvent::keyName).containsExactly("operator", "bootstrap", null);
        assertThat(trail).extracting(AuditEvent::thingName).containsOnly("pump-7");
        assertThat(trail.get(2).kind()).isEqualTo(AuditKind.TUNNEL_EVENT);
        assertThat(trail.get(2).action()).isEqualTo(AuditEvents.EXPIRED);
        assertThat(keys.find("AKUPOPERATOR0000000A").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(5));
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        AuditStore stuck = new AuditStore() {
            @Override
            public void append(List<AuditEvent> events) {
                writing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS); // a database that does not answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                audit.append(events);
            }

            @Override
            public List<AuditEvent> forTunnel(String tunnelId, long afterSeq, int limit) {
                return audit.forTunnel(tunnelId, afterSeq, limit);
            }

            @Override
            public Map<String, String> thingNames(Collection<String> tunnelIds) {
                return Map.of();
            }
        };
        try (AuditTrail trail = new AuditTrail(stuck, keys, Map.of(), 2)) {
            trail.record(event(0));
            assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue(); // the writer holds entry 0, stuck

            for (int i = 1; i <= 5; i++) {
                trail.record(event(i)); // returns at once, even though nothing is written
            }

            assertThat(trail.queued()).isEqualTo(2);
            assertThat(trail.dropped()).isEqualTo(3);
            release.countDown();
            await().until(() -> trail.written() == 3);
        }
        assertThat(audit.forTunnel("t-9", 0, 10)).extracting(AuditEvent::requestId)
                .containsExactly("r-0", "r-1", "r-2");
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(null, T0.plusSeconds(i), AuditKind.API_CALL, "DescribeTunnel", "ok", 200, null, null,
                "t-9", null, null, null, "r-" + i, null, null, null);
    }
}
