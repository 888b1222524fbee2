package dev.underpass.server.api;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Ids of new tunnels: time-ordered UUIDs (version 7 of RFC 9562), the creation's Unix milliseconds in the first 48
 * bits and 74 random bits after them. Still UUIDs, as the SPEC says ids we issue are, and as unguessable per
 * millisecond as the random (version 4) ones were.
 *
 * <p>Why: every index that starts with the tunnel id (the tunnels' and their sides' and services' primary keys, the
 * audit trail's index by tunnel) then receives new tunnels at its end, so a commit of several creations rewrites one
 * B-tree leaf per index instead of one random leaf per creation and index; on H2 each commit serialises every leaf it
 * changed. Thread-safe.
 */
final class TunnelIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TunnelIds() {
    }

    /** A new id for a tunnel created at {@code createdAt}, in UUID's canonical text form (lower-case hex). */
    static String next(Instant createdAt) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long millis = createdAt.toEpochMilli() & 0xFFFF_FFFF_FFFFL;
        long randA = ((random[0] & 0xFFL) << 8 | (random[1] & 0xFFL)) & 0x0FFF;
        long msb = millis << 16 | 0x7000 | randA;
        long lsb = 0;
        for (int i = 2; i < 10; i++) {
            lsb = lsb << 8 | (random[i] & 0xFFL);
        }
        lsb = lsb & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L; // variant 10xx
        return new UUID(msb, lsb).toString();
    }
}
