package dev.underpass.localproxy;

import dev.underpass.localproxy.bridge.LocalSide;
import dev.underpass.localproxy.destination.DestinationSide;
import dev.underpass.localproxy.source.SourceSide;
import dev.underpass.localproxy.tunnel.Backoff;
import dev.underpass.localproxy.tunnel.ClientTokens;
import dev.underpass.localproxy.tunnel.TunnelConnector;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.netty.Transports;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running local proxy: one side of a tunnel (source or destination) connected to the server, reconnecting on its
 * own until the server closes the tunnel, the handshake is refused, or {@link #close()} is called. All its sockets
 * run on one event-loop thread of its own.
 *
 * <p>Lifecycle: {@link #start} returns at once; {@link #ready()} completes when the tunnel's SERVICE_IDS arrived and
 * (for a source) every listener is bound; {@link #exit()} completes with an {@link ExitCodes exit code} once every
 * socket and thread is released. {@link #failure()} then says why, for a non-zero code.
 */
public final class LocalProxy implements AutoCloseable {
    private static final long CLOSE_TIMEOUT_SECONDS = 10;

    private final ProxyRuntime runtime;

    private LocalProxy(ProxyRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts a proxy. A client token is generated when the config has none, and kept for every reconnect.
     *
     * @throws IllegalArgumentException when the CA certificates of {@code caPath} cannot be read
     */
    public static LocalProxy start(LocalProxyConfig config) {
        String clientToken = config.clientToken() != null ? config.clientToken() : ClientTokens.generate();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("localproxy-" + config.mode().wireName(), true), Transports.ioHandlerFactory());
        try {
            EventLoop loop = group.next();
            LocalSide side = config.mode() == Mode.SOURCE ? new SourceSide(config, loop)
                    : new DestinationSide(config, loop);
            Backoff backoff = new Backoff(config.reconnectDelay(), config.maxReconnectDelay(), new SecureRandom());
            ProxyRuntime runtime = new ProxyRuntime(group, loop, side,
                    events -> new TunnelConnector(config, clientToken, loop, events, backoff));
            runtime.start();
            return new LocalProxy(runtime);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /** Completes when the proxy can carry connections; fails if it stops first. */
    public CompletableFuture<Void> ready() {
        return runtime.ready();
    }

    /** Completes with the exit code when the proxy has stopped and released everything. */
    public CompletableFuture<Integer> exit() {
        return runtime.exit();
    }

    /** Waits for {@link #exit()}. */
    public int awaitExit() throws InterruptedException {
        try {
            return runtime.exit().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Why the proxy stopped, for a non-zero exit code: one line fit to show a user. */
    public Optional<String> failure() {
        return Optional.ofNullable(runtime.failure());
    }

    /** Whether a session with the server is up and its SERVICE_IDS handled: connections are carried now. */
    public boolean connected() {
        return runtime.connected();
    }

    /**
     * The port a source listens on for a service ({@code ""} for the only one), as actually bound.
     *
     * @throws IllegalStateException when this is a destination, or the service has no bound listener (yet)
     */
    public int sourcePort(String serviceId) {
        return runtime.side().localPort(serviceId).orElseThrow(() -> new IllegalStateException(
                "no listener for service '" + serviceId + "' (not a source, not ready yet, or unknown service)"));
    }

    /** Stops the proxy (exit code 0 unless it had already stopped) and waits until everything is released. */
    @Override
    public void close() {
        runtime.stop(ExitCodes.OK, null);
        if (runtime.inEventLoop()) {
            return; // called from the proxy's own thread: waiting would deadlock
        }
        try {
            runtime.exit().get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the event loop did not terminate in time; its thread is a daemon
        }
    }
}
