package dev.underpass.agent.tunnels;

import dev.underpass.localproxy.HostPort;
import java.time.Instant;
import java.util.Map;

/**
 * A snapshot of one tunnel the agent runs a destination proxy for.
 *
 * @param id           the agent's number for the tunnel, counting from 1, as in its log lines
 * @param fingerprint  the hash prefix of the tunnel's token that log lines name it by
 * @param destinations the tunnel's services and the local addresses they reach
 * @param started      when the proxy was started
 * @param state        where the proxy stands now
 */
public record ActiveTunnel(int id, String fingerprint, Map<String, HostPort> destinations, Instant started,
        TunnelState state) {
}
