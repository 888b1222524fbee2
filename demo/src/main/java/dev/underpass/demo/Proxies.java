package dev.underpass.demo;

import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Local proxies of the demo, in this process: against the demo server, trusting only its CA, with short reconnect
 * delays (everything is on loopback); everything else is the local proxy's default.
 */
final class Proxies {
    static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration RECONNECT_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    private Proxies() {
    }

    /** A config builder for one side of a tunnel on the server at {@code endpoint}. */
    static LocalProxyConfig.Builder config(Mode mode, String accessToken, URI endpoint, Path caFile) {
        return LocalProxyConfig.builder(mode, accessToken, ProxyEndpoint.parse(endpoint.toString()))
                .caPath(caFile)
                .reconnectDelay(RECONNECT_DELAY, MAX_RECONNECT_DELAY);
    }

    /**
     * Starts a proxy and waits until it carries connections.
     *
     * @throws IllegalStateException naming why it did not get ready (the proxy is stopped again)
     */
    static LocalProxy startReady(LocalProxyConfig config, String what) {
        LocalProxy proxy = LocalProxy.start(config);
        try {
            proxy.ready().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return proxy;
        } catch (InterruptedException e) {
            proxy.close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the " + what + " connected", e);
        } catch (ExecutionException | TimeoutException e) {
            String why = proxy.failure().orElse(e instanceof TimeoutException
                    ? "not connected after " + READY_TIMEOUT.toSeconds() + " s" : String.valueOf(e.getCause()));
            proxy.close();
            throw new IllegalStateException("the " + what + " did not connect: " + why, e);
        }
    }
}
