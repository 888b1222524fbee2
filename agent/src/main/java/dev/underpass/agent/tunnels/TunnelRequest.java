package dev.underpass.agent.tunnels;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One destination proxy to start: everything a launcher needs. {@link #toString()} masks the token.
 *
 * @param accessToken  the destination access token (secret)
 * @param fingerprint  names the tunnel in logs (a hash prefix of the token)
 * @param endpoint     the tunneling data plane
 * @param caFile       CA certificates to verify the endpoint with (besides the JDK's)
 * @param destinations each of the tunnel's service ids, as the tunnel names it, to the local address
 */
public record TunnelRequest(String accessToken, String fingerprint, ProxyEndpoint endpoint, Path caFile,
        Map<String, HostPort> destinations) {

    public TunnelRequest {
        destinations = Collections.unmodifiableMap(new LinkedHashMap<>(destinations));
    }

    @Override
    public String toString() {
        return "TunnelRequest[accessToken=****, fingerprint=" + fingerprint + ", endpoint=" + endpoint + ", caFile="
                + caFile + ", destinations=" + destinations + "]";
    }
}
