package dev.underpass.agent.tunnels;

/**
 * Starts destination proxies. Chosen once when the agent starts: {@link InProcessLauncher}, or an external command
 * with {@code exec} ({@link dev.underpass.agent.exec.ExecLauncher}).
 */
public interface TunnelLauncher {

    /**
     * Starts a proxy for the request; returns at once, the proxy connects on its own.
     *
     * @throws RuntimeException with a message fit for a log line when it cannot be started
     */
    RunningTunnel launch(TunnelRequest request);

    /** How the proxies run, for the start-up log line. */
    String describe();
}
