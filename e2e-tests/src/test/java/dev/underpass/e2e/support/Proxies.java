package dev.underpass.e2e.support;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.localproxy.ServiceMappings;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts local proxies in this JVM against a server, trusting only the server's generated CA, and waits
 * until they are ready. Reconnect delays are short so that restarts are quick; everything else is the default.
 */
public final class Proxies {
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(200);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private Proxies() {
    }

    /** A source listening on an ephemeral loopback port for each named service ({@code ""}: the only, unnamed one). */
    public static LocalProxy source(ServerAccess server, String token, SubProtocol version,
            String... serviceIds) {
        LocalProxyConfig.Builder config = base(server, Mode.SOURCE, token, version).bindAddress("127.0.0.1");
        for (String id : serviceIds) {
            config.listenPort(id, 0);
        }
        return ready(LocalProxy.start(config.build()));
    }

    public static LocalProxy source(ServerAccess server, String token, String... serviceIds) {
        return source(server, token, SubProtocol.V3, serviceIds);
    }

    /** A destination connecting each service ({@code ""}: the only, unnamed one) to a loopback port. */
    public static LocalProxy destination(ServerAccess server, String token,
            Map<String, Integer> servicePorts) {
        return ready(LocalProxy.start(destinationConfig(server, token, servicePorts)));
    }

    /** The configuration {@link #destination(ServerAccess, String, Map)} starts with, for a proxy not awaited. */
    public static LocalProxyConfig destinationConfig(ServerAccess server, String token,
            Map<String, Integer> servicePorts) {
        LocalProxyConfig.Builder config = base(server, Mode.DESTINATION, token, SubProtocol.V3);
        servicePorts.forEach((id, port) -> config.destination(id, new HostPort("127.0.0.1", port)));
        return config.build();
    }

    /** A V3 destination for one unnamed service, as {@code -d PORT}. */
    public static LocalProxy destination(ServerAccess server, String token, int port) {
        return destination(server, token, Map.of(ServiceMappings.UNNAMED, port));
    }

    private static LocalProxyConfig.Builder base(ServerAccess server, Mode mode, String token,
            SubProtocol version) {
        return LocalProxyConfig.builder(mode, token, ProxyEndpoint.parse(server.proxyEndpoint()))
                .caPath(server.caFile())
                .protocol(version)
                .reconnectDelay(RECONNECT_DELAY, MAX_RECONNECT_DELAY);
    }

    private static LocalProxy ready(LocalProxy proxy) {
        try {
            proxy.ready().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return proxy;
        } catch (Exception e) {
            String why = proxy.failure().orElse(e.toString());
            proxy.close();
            throw new AssertionError("local proxy did not get ready: " + why, e);
        }
    }
}
