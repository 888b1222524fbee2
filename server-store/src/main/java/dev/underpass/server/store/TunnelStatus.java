package dev.underpass.server.store;

/** Lifecycle of a tunnel. A tunnel starts {@link #OPEN}; {@link #CLOSED} is final: a closed tunnel never reopens. */
public enum TunnelStatus {
    OPEN,
    CLOSED
}
