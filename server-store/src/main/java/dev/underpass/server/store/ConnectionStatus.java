package dev.underpass.server.store;

/** Whether a local proxy is attached to one side of a tunnel. Both sides start {@link #DISCONNECTED}. */
public enum ConnectionStatus {
    CONNECTED,
    DISCONNECTED
}
