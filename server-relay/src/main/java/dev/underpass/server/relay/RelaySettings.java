package dev.underpass.server.relay;

import dev.underpass.protocol.ProtocolLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the WebSocket relay. Immutable; the constructor reports every invalid value at once.
 *
 * <p>There is no bandwidth cap: the optional per-tunnel rate limit of SPEC §4 is not implemented yet.
 *
 * @param idleTimeout              drop a connection (close 1001) when nothing was received from it for this long,
 *                                 not counting time the relay itself stopped reading it, nor time in which bytes
 *                                 queued for it kept draining
 * @param pingInterval             send a WebSocket ping after this much read silence; less than {@code idleTimeout}
 * @param writeBufferLowWaterMark  a relayed connection is writable again when its outbound buffer drains below this
 * @param writeBufferHighWaterMark the relay stops reading the other side when a connection's outbound buffer holds
 *                                 more than this
 * @param closeGrace               how long a close frame may take to leave before the TCP connection is cut
 * @param maxPendingAdmissions     upgrade requests waiting for the {@link TunnelAuthority} at once; more get 503
 */
public record RelaySettings(
        Duration idleTimeout,
        Duration pingInterval,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark,
        Duration closeGrace,
        int maxPendingAdmissions) {

    /** Three missed pings of the localproxy (it pings every 20 s) before a peer counts as dead. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** The localproxy's own ping interval: keeps NATs and load balancers from timing out a silent tunnel. */
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    /**
     * 256 KiB: a quarter of the high mark, so a paused side resumes only after a good part of the backlog is sent,
     * instead of flapping on every message.
     */
    public static final int DEFAULT_WRITE_BUFFER_LOW_WATER_MARK = 256 * 1024;
    /**
     * 1 MiB: about 16 full DATA messages (63 KiB each), enough to keep a 100 Mbit/s link with 80 ms round trip busy
     * while bounding the memory a slow reader can pin to about 1 MiB plus one read batch per direction.
     */
    public static final int DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK = 1024 * 1024;
    /** Time for a close frame to get out before the connection is cut anyway. */
    public static final Duration DEFAULT_CLOSE_GRACE = Duration.ofSeconds(5);
    /** Upgrade requests waiting for the store at once. */
    public static final int DEFAULT_MAX_PENDING_ADMISSIONS = 256;

    /** All defaults. */
    public static final RelaySettings DEFAULTS = new RelaySettings(DEFAULT_IDLE_TIMEOUT, DEFAULT_PING_INTERVAL,
            DEFAULT_WRITE_BUFFER_LOW_WATER_MARK, DEFAULT_WRITE_BUFFER_HIGH_WATER_MARK, DEFAULT_CLOSE_GRACE,
            DEFAULT_MAX_PENDING_ADMISSIONS);

    public RelaySettings {
        List<String> problems = new ArrayList<>();
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            problems.add("idleTimeout must be positive, got " + idleTimeout);
        }
        if (pingInterval == null || pingInterval.isNegative() || pingInterval.isZero()) {
            problems.add("pingInterval must be positive, got " + pingInterval);
        } else if (idleTimeout != null && pingInterval.compareTo(idleTimeout) >= 0) {
            problems.add("pingInterval (" + pingInterval + ") must be less than idleTimeout (" + idleTimeout + ")");
        }
        if (writeBufferLowWaterMark <= 0) {
            problems.add("writeBufferLowWaterMark must be positive, got " + writeBufferLowWaterMark);
        }
        if (writeBufferHighWaterMark < writeBufferLowWaterMark
                || writeBufferHighWaterMark < ProtocolLimits.MAX_MESSAGE_BYTES) {
            problems.add("writeBufferHighWaterMark must be at least writeBufferLowWaterMark and "
                    + ProtocolLimits.MAX_MESSAGE_BYTES + ", got " + writeBufferHighWaterMark);
        }
        if (closeGrace == null || closeGrace.isNegative() || closeGrace.isZero()) {
            problems.add("closeGrace must be positive, got " + closeGrace);
        }
        if (maxPendingAdmissions <= 0) {
            problems.add("maxPendingAdmissions must be positive, got " + maxPendingAdmissions);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid relay settings: " + String.join("; ", problems));
        }
    }

    public RelaySettings withIdleTimeout(Duration idle, Duration ping) {
        return new RelaySettings(idle, ping, writeBufferLowWaterMark, writeBufferHighWaterMark, closeGrace,
                maxPendingAdmissions);
    }

    public RelaySettings withWriteBufferWaterMarks(int low, int high) {
        return new RelaySettings(idleTimeout, pingInterval, low, high, closeGrace, maxPendingAdmissions);
    }

    public RelaySettings withCloseGrace(Duration grace) {
        return new RelaySettings(idleTimeout, pingInterval, writeBufferLowWaterMark, writeBufferHighWaterMark, grace,
                maxPendingAdmissions);
    }

    public RelaySettings withMaxPendingAdmissions(int max) {
        return new RelaySettings(idleTimeout, pingInterval, writeBufferLowWaterMark, writeBufferHighWaterMark,
                closeGrace, max);
    }
}
