package dev.underpass.server.store;

/** The verdict of {@link TunnelStore#claimToken} on a data-plane handshake (SPEC §3). */
public enum ClaimOutcome {
    /** First use of the token: admitted, and the token is now used (bound to the client token, if one was given). */
    CLAIMED,
    /** The token was used before with the same client token: admitted, replacing the previous connection. */
    RECONNECTED,
    /** The token was used and either no client token was given now, or it was first used without one. */
    ALREADY_USED,
    /** The token was used with a client token, and a different one was given now. */
    CLIENT_TOKEN_MISMATCH,
    /** No tunnel has this token: it never existed, was revoked by rotation, or its tunnel was deleted. */
    UNKNOWN_TOKEN,
    /** The token belongs to the other side of its tunnel. */
    WRONG_MODE,
    /** The token's tunnel is closed or past its lifetime. */
    TUNNEL_CLOSED;

    /** Whether the connection is let in. */
    public boolean admitted() {
        return this == CLAIMED || this == RECONNECTED;
    }
}
