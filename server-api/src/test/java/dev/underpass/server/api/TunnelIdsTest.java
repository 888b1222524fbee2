package dev.underpass.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TunnelIdsTest {
    private static final Instant T0 = Instant.parse("2026-11-29T17:00:00.123Z");

    @Test
    void anIdIsAVersion7UuidCarryingTheCreationMillisecond() {
        String id = TunnelIds.next(T0);

        UUID uuid = UUID.fromString(id);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(uuid.version()).isEqualTo(7);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void idsSortAsTextInTheOrderOfTheirCreationAndDifferWithinAMillisecond() {
        List<String> ids = new ArrayList<>();
        for (int ms = 0; ms < 1000; ms += 7) {
            ids.add(TunnelIds.next(T0.plusMillis(ms)));
        }
        assertThat(ids).isSorted();

        Set<String> sameMillisecond = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            sameMillisecond.add(TunnelIds.next(T0));
        }
        assertThat(sameMillisecond).hasSize(10_000);
    }
}
