package dev.underpass.server.store;

/**
 * {@link TunnelStore#create(NewTunnel, long)} refused a tunnel because the given number of tunnels are already open
 * (or being opened). Nothing was stored.
 */
public final class OpenTunnelLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long limit;

    OpenTunnelLimitException(long limit) {
        super("tunnel store: " + limit + " tunnels are already open, the most allowed");
        this.limit = limit;
    }

    /** The limit that was reached. */
    public long limit() {
        return limit;
    }
}
