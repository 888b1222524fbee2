package dev.underpass.demo;

import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.protocol.Mode;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The operator's end of the demo tunnel: a source proxy in this process, listening on loopback with one port per
 * service, started with the tunnel's source token.
 */
final class OperatorSide implements AutoCloseable {
    static final String BIND_ADDRESS = "127.0.0.1";

    private final LocalProxy proxy;

    private OperatorSide(LocalProxy proxy) {
        this.proxy = proxy;
    }

    /**
     * Starts the source and waits until every port listens and the tunnel's services are known.
     *
     * @param listenPorts service id to local port (0 picks a free one)
     */
    static OperatorSide start(String sourceToken, URI endpoint, Path caFile, Map<String, Integer> listenPorts) {
        LocalProxyConfig config = Proxies.config(Mode.SOURCE, sourceToken, endpoint, caFile)
                .bindAddress(BIND_ADDRESS)
                .listenPorts(listenPorts)
                .build();
        return new OperatorSide(Proxies.startReady(config, "source proxy"));
    }

    /** The port the source listens on for a service. */
    int port(String service) {
        return proxy.sourcePort(service);
    }

    /** Completes with the proxy's exit code when it stops — for example because the tunnel was closed. */
    CompletableFuture<Integer> exit() {
        return proxy.exit();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
