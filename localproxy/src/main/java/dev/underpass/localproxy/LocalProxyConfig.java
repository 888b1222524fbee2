package dev.underpass.localproxy;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one local proxy needs, validated on construction: a bad config fails with an
 * {@link IllegalArgumentException} listing every problem. Tokens and the proxy password never reach
 * {@link #toString()}.
 *
 * @param mode                     which side of the tunnel this proxy is
 * @param accessToken              the tunnel's access token for this side (secret)
 * @param clientToken              the client token sent on every connect, or null to generate one per proxy
 * @param endpoint                 the data-plane server
 * @param listenPorts              source: service id to listen port (0 = ephemeral; {@code ""} = unnamed);
 *                                 may be empty (ephemeral ports for the tunnel's services). Empty for a destination.
 * @param destinations             destination: service id to the address to connect to ({@code ""} = unnamed);
 *                                 at least one. Empty for a source.
 * @param bindAddress              source: the address to listen on ({@value #DEFAULT_BIND_ADDRESS} when null);
 *                                 destination: the local address outgoing connections bind to (none when null)
 * @param caPath                   extra trusted CA certificates: a PEM file or a directory of PEM files, or null
 * @param insecureTls              skip certificate and host name verification ({@code -k}); for tests only
 * @param protocol                 the message format and the sub-protocol offered ({@code -y}); V3 by default
 * @param httpsProxy               an HTTP proxy to reach the server through with CONNECT, or null
 * @param pingInterval             time between WebSocket pings
 * @param reconnectDelay           first reconnect delay; it doubles up to {@code maxReconnectDelay}, with full jitter
 * @param maxReconnectDelay        the cap of the reconnect delay
 * @param maxConnectionsPerService concurrent TCP connections per service; more are refused
 */
public record LocalProxyConfig(
        Mode mode,
        String accessToken,
        String clientToken,
        ProxyEndpoint endpoint,
        Map<String, Integer> listenPorts,
        Map<String, HostPort> destinations,
        String bindAddress,
        Path caPath,
        boolean insecureTls,
        SubProtocol protocol,
        HttpsProxy httpsProxy,
        Duration pingInterval,
        Duration reconnectDelay,
        Duration maxReconnectDelay,
        int maxConnectionsPerService) {

    public static final String DEFAULT_BIND_ADDRESS = "localhost";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(20);
    public static final Duration DEFAULT_RECONNECT_DELAY = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_CONNECTIONS_PER_SERVICE = 128;
    public static final SubProtocol DEFAULT_PROTOCOL = SubProtocol.V3;

    public LocalProxyConfig {
        listenPorts = copy(listenPorts);
        destinations = copy(destinations);
        List<String> problems = new ArrayList<>();
        if (mode == null) {
            problems.add("no mode: source or destination");
        }
        checkAccessToken(accessToken, problems);
        if (clientToken != null && !Handshake.CLIENT_TOKEN_PATTERN.matcher(clientToken).matches()) {
            problems.add("the client token must be 32 to 128 characters of a-z, A-Z, 0-9 and '-' (got "
                    + clientToken.length() + " characters)");
        }
        if (endpoint == null) {
            problems.add("no endpoint: give a proxy endpoint or a region");
        }
        checkMappings(mode, listenPorts, destinations, problems);
        if (bindAddress != null && (bindAddress.isBlank() || bindAddress.chars().anyMatch(c -> c <= ' '))) {
            problems.add("'" + bindAddress + "' is not a bind address");
        }
        if (protocol == null) {
            problems.add("no protocol version");
        }
        checkPositive("ping interval", pingInterval, problems);
        checkPositive("reconnect delay", reconnectDelay, problems);
        checkPositive("maximum reconnect delay", maxReconnectDelay, problems);
        if (reconnectDelay != null && maxReconnectDelay != null && maxReconnectDelay.compareTo(reconnectDelay) < 0) {
            problems.add("the maximum reconnect delay " + maxReconnectDelay + " is below the reconnect delay "
                    + reconnectDelay);
        }
        if (maxConnectionsPerService < 1) {
            problems.add("at most " + maxConnectionsPerService + " connections per service: must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** A builder with the defaults; mode, access token, endpoint and (for a destination) a mapping are required. */
    public static Builder builder(Mode mode, String accessToken, ProxyEndpoint endpoint) {
        return new Builder(mode, accessToken, endpoint);
    }

    /** The address a source listens on. */
    public String listenAddress() {
        return bindAddress != null ? bindAddress : DEFAULT_BIND_ADDRESS;
    }

    private static <T> Map<String, T> copy(Map<String, T> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    private static void checkAccessToken(String token, List<String> problems) {
        if (token == null || token.isBlank()) {
            problems.add("no access token");
        } else if (token.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            problems.add("the access token contains spaces or control characters");
        }
    }

    private static void checkMappings(Mode mode, Map<String, Integer> ports, Map<String, HostPort> destinations,
            List<String> problems) {
        if (mode == Mode.SOURCE && !destinations.isEmpty()) {
            problems.add("a source takes listen ports, not destinations");
        }
        if (mode == Mode.DESTINATION) {
            if (!ports.isEmpty()) {
                problems.add("a destination takes destinations, not listen ports");
            }
            if (destinations.isEmpty()) {
                problems.add("a destination needs at least one destination address");
            }
        }
        for (Map<String, ?> map : List.of(ports, destinations)) {
            for (String id : map.keySet()) {
                if (id.equals(ServiceMappings.UNNAMED) ? map.size() > 1 : !ServiceMappings.SERVICE_ID.matcher(id)
                        .matches()) {
                    problems.add(id.isEmpty() ? "an unnamed mapping must be the only one"
                            : "'" + id + "' is not a service id");
                }
            }
        }
        ports.forEach((id, port) -> {
            if (port == null || port < 0 || port > 65_535) {
                problems.add("listen port " + port + " of service '" + id + "' is not between 0 and 65535");
            }
        });
        destinations.forEach((id, address) -> {
            if (address == null || address.port() == 0) {
                problems.add("destination of service '" + id + "' needs a non-zero port");
            }
        });
    }

    private static void checkPositive(String what, Duration d, List<String> problems) {
        if (d == null || d.isNegative() || d.isZero()) {
            problems.add("the " + what + " must be positive (got " + d + ")");
        }
    }

    @Override
    public String toString() {
        return "LocalProxyConfig[mode=" + mode + ", accessToken=****, clientToken="
                + (clientToken == null ? "generated" : "****") + ", endpoint=" + endpoint + ", listenPorts="
                + listenPorts + ", destinations=" + destinations + ", bindAddress=" + bindAddress + ", caPath="
                + caPath + ", insecureTls=" + insecureTls + ", protocol=" + protocol + ", httpsProxy=" + httpsProxy
                + ", pingInterval=" + pingInterval + ", reconnectDelay=" + reconnectDelay + ", maxReconnectDelay="
                + maxReconnectDelay + ", maxConnectionsPerService=" + maxConnectionsPerService + "]";
    }

    /** Builds a {@link LocalProxyConfig} from the defaults. */
    public static final class Builder {
        private final Mode mode;
        private final String accessToken;
        private final ProxyEndpoint endpoint;
        private String clientToken;
        private final Map<String, Integer> listenPorts = new LinkedHashMap<>();
        private final Map<String, HostPort> destinations = new LinkedHashMap<>();
        private String bindAddress;
        private Path caPath;
        private boolean insecureTls;
        private SubProtocol protocol = DEFAULT_PROTOCOL;
        private HttpsProxy httpsProxy;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private Duration reconnectDelay = DEFAULT_RECONNECT_DELAY;
        private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
        private int maxConnectionsPerService = DEFAULT_MAX_CONNECTIONS_PER_SERVICE;

        private Builder(Mode mode, String accessToken, ProxyEndpoint endpoint) {
            this.mode = mode;
            this.accessToken = accessToken;
            this.endpoint = endpoint;
        }

        public Builder clientToken(String token) {
            this.clientToken = token;
            return this;
        }

        /** Adds a source listen port for a service ({@code ""} for the unnamed one). */
        public Builder listenPort(String serviceId, int port) {
            listenPorts.put(Objects.requireNonNull(serviceId), port);
            return this;
        }

        public Builder listenPorts(Map<String, Integer> ports) {
            listenPorts.putAll(ports);
            return this;
        }

        /** Adds a destination address for a service ({@code ""} for the unnamed one). */
        public Builder destination(String serviceId, HostPort address) {
            destinations.put(Objects.requireNonNull(serviceId), address);
            return this;
        }

        public Builder destinations(Map<String, HostPort> map) {
            destinations.putAll(map);
            return this;
        }

        public Builder bindAddress(String address) {
            this.bindAddress = address;
            return this;
        }

        public Builder caPath(Path path) {
            this.caPath = path;
            return this;
        }

        public Builder insecureTls(boolean insecure) {
            this.insecureTls = insecure;
            return this;
        }

        public Builder protocol(SubProtocol version) {
            this.protocol = version;
            return this;
        }

        public Builder httpsProxy(HttpsProxy proxy) {
            this.httpsProxy = proxy;
            return this;
        }

        public Builder pingInterval(Duration interval) {
            this.pingInterval = interval;
            return this;
        }

        public Builder reconnectDelay(Duration initial, Duration max) {
            this.reconnectDelay = initial;
            this.maxReconnectDelay = max;
            return this;
        }

        public Builder maxConnectionsPerService(int max) {
            this.maxConnectionsPerService = max;
            return this;
        }

        public LocalProxyConfig build() {
            return new LocalProxyConfig(mode, accessToken, clientToken, endpoint, listenPorts, destinations,
                    bindAddress, caPath, insecureTls, protocol, httpsProxy, pingInterval, reconnectDelay,
                    maxReconnectDelay, maxConnectionsPerService);
        }
    }
}
