package dev.underpass.server.tunnel;

import dev.underpass.protocol.Mode;
import dev.underpass.server.relay.Admission;
import dev.underpass.server.relay.AdmissionDenied;
import dev.underpass.server.relay.RejectionReason;
import dev.underpass.server.relay.TunnelAuthority;
import dev.underpass.server.store.AccessTokens;
import dev.underpass.server.store.Claim;
import dev.underpass.server.store.ConnectionStatus;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.TunnelStore;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits data-plane connections by the rules of SPEC §3, against the tunnel store: tokens are looked up by hash,
 * used once unless bound to a client token, and refused with a 4xx naming why. Store failures are 503, which
 * clients retry.
 */
public final class StoreTunnelAuthority implements TunnelAuthority {
    private static final Logger LOG = LoggerFactory.getLogger(StoreTunnelAuthority.class);

    private final TunnelStore store;
    private final Clock clock;

    public StoreTunnelAuthority(TunnelStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Admission admit(String accessToken, Mode mode, String clientTokenOrNull) throws AdmissionDenied {
        Claim claim;
        try {
            claim = store.claimToken(mode, AccessTokens.hash(accessToken),
                    clientTokenOrNull == null ? null : AccessTokens.hash(clientTokenOrNull), clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Cannot check an access token: {}", e.toString());
            throw new AdmissionDenied(503, RejectionReason.STORE_UNAVAILABLE,
                    "tunnel storage is unavailable; retry later");
        }
        return switch (claim.outcome()) {
            case CLAIMED, RECONNECTED -> new Admission(claim.tunnel().tunnelId(), services(claim));
            case UNKNOWN_TOKEN -> throw new AdmissionDenied(401, RejectionReason.UNKNOWN_TOKEN,
                    "unknown or revoked access token");
            case ALREADY_USED -> throw new AdmissionDenied(401, RejectionReason.TOKEN_REUSED,
                    "access token was already used; to reconnect, send the client-token given on first use");
            case CLIENT_TOKEN_MISMATCH -> throw new AdmissionDenied(401, RejectionReason.CLIENT_TOKEN_MISMATCH,
                    "client-token does not match the one this access token was first used with");
            case WRONG_MODE -> throw new AdmissionDenied(400, RejectionReason.MODE_MISMATCH, "access token is for the "
                    + mode.peer().wireName() + " side, not " + mode.wireName());
            case TUNNEL_CLOSED -> throw new AdmissionDenied(410, RejectionReason.TUNNEL_CLOSED, "tunnel is closed");
        };
    }

    private static List<String> services(Claim claim) {
        DestinationConfig config = claim.tunnel().destinationConfig();
        return config == null ? List.of() : config.services();
    }

    @Override
    public void connectionChanged(String tunnelId, Mode side, boolean connected) {
        try {
            store.setConnectionState(tunnelId, side,
                    connected ? ConnectionStatus.CONNECTED : ConnectionStatus.DISCONNECTED, clock.instant());
        } catch (RuntimeException e) {
            LOG.warn("Cannot record {} {} of tunnel {}: {}", side.wireName(),
                    connected ? "connect" : "disconnect", tunnelId, e.toString());
        }
    }
}
