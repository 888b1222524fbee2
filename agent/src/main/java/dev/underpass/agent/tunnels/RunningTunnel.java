package dev.underpass.agent.tunnels;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A destination proxy started for one tunnel, in-process or as a process. */
public interface RunningTunnel {

    /** Completes with the proxy's exit code once it stopped and released everything (threads, sockets, process). */
    CompletableFuture<Integer> exit();

    TunnelState state();

    /** Why the proxy stopped, for a non-zero exit code: one line fit to show a user. */
    Optional<String> failure();

    /** Stops the proxy and waits (boundedly) until it has released everything. */
    void close();
}
