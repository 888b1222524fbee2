package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, for a while, which tunnel sides were closed or had their tokens rotated, so that an admission that was
 * already under way at that moment cannot join afterwards. Admissions carry the {@link #epoch()} read before the
 * {@link TunnelAuthority} was asked; a side buried at a later epoch refuses them.
 *
 * <p>Bound: entries live {@link #RETENTION} (an admission never takes that long) and are purged oldest first on
 * every call, so the map holds at most the closes and rotations of that window; a shutdown is one field. Thread-safe.
 */
final class Tombstones {
    static final Duration RETENTION = Duration.ofMinutes(10);

    /** How a connection whose admission was overtaken is closed. */
    record Revocation(WebSocketCloseStatus status, String reason) {
    }

    private record Key(String tunnelId, Mode side) {
    }

    private record Entry(long epoch, Instant at, Revocation revocation) {
    }

    private final Clock clock;
    private final Map<Key, Entry> entries = new LinkedHashMap<>();
    private long epoch;
    private long shutdownEpoch = Long.MAX_VALUE;
    private Revocation shutdown;

    Tombstones(Clock clock) {
        this.clock = clock;
    }

    synchronized long epoch() {
        return epoch;
    }

    /** Sides of a tunnel were closed or revoked: admissions that began before now must not join. */
    synchronized void bury(String tunnelId, Set<Mode> sides, String reason) {
        Instant now = clock.instant();
        purge(now);
        epoch++;
        Revocation revocation = new Revocation(WebSocketCloseStatus.NORMAL_CLOSURE, reason);
        for (Mode side : sides) {
            Key key = new Key(tunnelId, side);
            entries.remove(key); // re-insert at the end: the map stays in time order
            entries.put(key, new Entry(epoch, now, revocation));
        }
    }

    /** The relay is shutting down: no admission that began before now may join. */
    synchronized void buryAll(WebSocketCloseStatus status, String reason) {
        if (shutdown == null) {
            shutdownEpoch = ++epoch;
            shutdown = new Revocation(status, reason);
        }
    }

    /** Why an admission that began at {@code admissionEpoch} may not join, or {@code null} if it may. */
    synchronized Revocation revokedSince(String tunnelId, Mode side, long admissionEpoch) {
        if (shutdownEpoch > admissionEpoch && shutdown != null) {
            return shutdown;
        }
        purge(clock.instant());
        Entry entry = entries.get(new Key(tunnelId, side));
        return entry != null && entry.epoch > admissionEpoch ? entry.revocation : null;
    }

    synchronized int size() {
        return entries.size();
    }

    private void purge(Instant now) {
        Instant oldest = now.minus(RETENTION);
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (!it.next().at.isBefore(oldest)) {
                return;
            }
            it.remove();
        }
    }
}
