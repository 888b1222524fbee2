package dev.underpass.localproxy.bridge;

import dev.underpass.localproxy.tunnel.TunnelLink;
import dev.underpass.protocol.TunnelFrame;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The local half of a proxy: what it does with the tunnel's sessions and messages. The source listens and starts
 * streams; the destination connects when streams start. Exactly one is chosen when the proxy starts. Every method
 * runs on the proxy's event loop, except {@link #localPort}.
 */
public interface LocalSide {
    /**
     * A session began and SERVICE_IDS named the tunnel's services. The future completes when the side is ready
     * (listeners bound); it fails with {@link ServiceMismatchException} when the configuration does not fit the
     * tunnel, or with another exception when a local resource cannot be had.
     */
    CompletableFuture<Void> sessionStarted(TunnelLink link, List<String> serviceIds);

    /** A stream message from the peer (DATA, STREAM_START/RESET, CONNECTION_START/RESET); the caller releases it. */
    void message(TunnelFrame frame);

    /** The server reset every stream: close every local connection. */
    void sessionReset();

    /** The session is gone (a reconnect may follow): close every local connection; streams do not survive. */
    void sessionEnded();

    /** The local port a source listens on for a service; empty for a destination or an unknown service. */
    OptionalInt localPort(String serviceId);

    /** Closes listeners and connections for good. */
    void shutdown();
}
