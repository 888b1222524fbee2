package dev.underpass.agent.tunnels;

/** Where a running tunnel's destination proxy stands. */
public enum TunnelState {
    /** The in-process proxy is connecting (or reconnecting) to the tunnel endpoint. */
    CONNECTING,
    /** The in-process proxy is connected and carries connections. */
    CONNECTED,
    /** An external proxy process runs (exec mode); the agent cannot see its connection. */
    EXTERNAL
}
