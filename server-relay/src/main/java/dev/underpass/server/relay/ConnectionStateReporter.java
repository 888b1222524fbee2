package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link TunnelAuthority#connectionChanged} on the blocking executor, in order per tunnel side: each side
 * has a lane that at most one task drains at a time, so a quick connect and disconnect ends DISCONNECTED.
 *
 * <p>Bound: a lane holds at most two pending changes. A change that would make a third cancels the pending pair it
 * would follow (connected, disconnected, connected becomes connected): the order and the final state are kept.
 * Lanes are dropped when drained, so idle tunnels cost nothing. Thread-safe; {@link #report} never blocks.
 */
final class ConnectionStateReporter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionStateReporter.class);

    private record Key(String tunnelId, Mode side) {
    }

    private static final class Lane {
        final ArrayDeque<Boolean> pending = new ArrayDeque<>(2);
        boolean running;
    }

    private final TunnelAuthority authority;
    private final Executor blocking;
    private final Map<Key, Lane> lanes = new HashMap<>();

    ConnectionStateReporter(TunnelAuthority authority, Executor blocking) {
        this.authority = authority;
        this.blocking = blocking;
    }

    void report(String tunnelId, Mode side, boolean connected) {
        Key key = new Key(tunnelId, side);
        Lane lane;
        synchronized (this) {
            lane = lanes.computeIfAbsent(key, k -> new Lane());
            Boolean last = lane.pending.peekLast();
            if (last != null && last == connected) {
                return;
            }
            if (lane.pending.size() == 2) {
                lane.pending.pollLast(); // [a, !a] + a: the pair cancels out, a is already pending
                return;
            }
            lane.pending.addLast(connected);
            if (lane.running) {
                return;
            }
            lane.running = true;
        }
        try {
            blocking.execute(() -> drain(key, lane));
        } catch (RejectedExecutionException e) {
            synchronized (this) {
                lanes.remove(key);
            }
            log.debug("executor gone: connection state of {} {} not reported", side.wireName(), tunnelId);
        }
    }

    private void drain(Key key, Lane lane) {
        while (true) {
            Boolean next;
            synchronized (this) {
                next = lane.pending.pollFirst();
                if (next == null) {
                    lane.running = false;
                    lanes.remove(key);
                    return;
                }
            }
            try {
                authority.connectionChanged(key.tunnelId(), key.side(), next);
            } catch (RuntimeException e) {
                log.warn("could not record that the {} of tunnel {} is {}", key.side().wireName(), key.tunnelId(),
                        next ? "connected" : "disconnected", e);
            }
        }
    }
}
