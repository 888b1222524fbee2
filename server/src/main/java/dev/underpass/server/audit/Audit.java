package dev.underpass.server.audit;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.ApiObserver;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.relay.RejectionReason;
import dev.underpass.server.relay.RelayObserver;
import dev.underpass.server.store.Tunnel;
import java.net.SocketAddress;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where the server's parts report to the audit trail: API calls ({@link #apiObserver}), side connects and
 * disconnects ({@link #relayObserver}), rotations and closes ({@link #tunnelEvents}) and expiry
 * ({@link #expiryListener}). Each hook stamps the time from the clock and hands the entry to the
 * {@link AuditTrail}'s queue, never blocking.
 */
public final class Audit {
    private final AuditTrail trail;
    private final Clock clock;

    public Audit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    public AuditTrail trail() {
        return trail;
    }

    /** Records every answered API call. */
    public ApiObserver apiObserver() {
        return call -> trail.record(AuditEvents.apiCall(call, clock.instant()));
    }

    /** {@code delegate} (the metrics) plus the side events; relayed bytes go to {@code delegate} alone. */
    public RelayObserver relayObserver(RelayObserver delegate) {
        return new RelayObserver() {
            @Override
            public void relayed(Mode from, int bytes) {
                delegate.relayed(from, bytes);
            }

            @Override
            public void handshakeRejected(int httpStatus, RejectionReason reason) {
                delegate.handshakeRejected(httpStatus, reason);
            }

            @Override
            public void violation(int closeCode) {
                delegate.violation(closeCode);
            }

            @Override
            public void sideConnected(String tunnelId, Mode side, SocketAddress remote) {
                delegate.sideConnected(tunnelId, side, remote);
                trail.record(AuditEvents.sideConnected(tunnelId, side, remote, clock.instant()));
            }

            @Override
            public void sideDisconnected(String tunnelId, Mode side, SocketAddress remote, long bytesFromSide,
                    long bytesToSide) {
                delegate.sideDisconnected(tunnelId, side, remote, bytesFromSide, bytesToSide);
                trail.record(AuditEvents.sideDisconnected(tunnelId, side, remote, bytesFromSide, bytesToSide,
                        clock.instant()));
            }
        };
    }

    /**
     * Records rotations and closes; listed after the relay and the notifier in the server's
     * {@link dev.underpass.server.tunnel.CompositeTunnelEvents}. An opening needs no entry of its own: the OpenTunnel
     * call is its record.
     */
    public TunnelEvents tunnelEvents() {
        return new TunnelEvents() {
            @Override
            public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
            }

            @Override
            public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
                trail.record(AuditEvents.tokensRotated(tunnel.tunnelId(), sides, clock.instant()));
            }

            @Override
            public void tunnelClosed(String tunnelId) {
                trail.record(AuditEvents.closed(tunnelId, clock.instant()));
            }
        };
    }

    /** Told by the maintenance of each tunnel it closed for reaching its lifetime. */
    public Consumer<String> expiryListener() {
        return tunnelId -> trail.record(AuditEvents.expired(tunnelId, clock.instant()));
    }
}
