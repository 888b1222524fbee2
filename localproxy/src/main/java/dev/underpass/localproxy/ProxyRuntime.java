package dev.underpass.localproxy;

import dev.underpass.localproxy.bridge.LocalSide;
import dev.underpass.localproxy.bridge.ServiceMismatchException;
import dev.underpass.localproxy.tunnel.TunnelConnector;
import dev.underpass.localproxy.tunnel.TunnelEvents;
import dev.underpass.localproxy.tunnel.TunnelLink;
import dev.underpass.protocol.TunnelFrame;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ties the tunnel connection to the local side and decides when the proxy stops: on a normal close from the
 * server (0), a refused handshake (3), services that do not fit (4), a local failure (1) or {@link #stop}. Runs on
 * the proxy's single event loop; the futures and flags are safe to read from any thread.
 */
final class ProxyRuntime implements TunnelEvents {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyRuntime.class);
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 2_000;

    private final EventLoopGroup group;
    private final EventLoop loop;
    private final LocalSide side;
    private final TunnelConnector connector;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean connected;
    private volatile String failure;
    private boolean stopping;

    ProxyRuntime(EventLoopGroup group, EventLoop loop, LocalSide side,
            Function<TunnelEvents, TunnelConnector> connectorFactory) {
        this.group = group;
        this.loop = loop;
        this.side = side;
        this.connector = connectorFactory.apply(this);
    }

    void start() {
        loop.execute(connector::start);
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    CompletableFuture<Integer> exit() {
        return exit;
    }

    boolean connected() {
        return connected;
    }

    String failure() {
        return failure;
    }

    LocalSide side() {
        return side;
    }

    @Override
    public void connected(TunnelLink link) {
        // connected() turns true only once SERVICE_IDS is handled: before that no connection can be carried
    }

    @Override
    public void serviceIds(TunnelLink link, List<String> serviceIds) {
        LOG.info("the tunnel carries {}", serviceIds.isEmpty() ? "no named services" : "services " + serviceIds);
        side.sessionStarted(link, serviceIds).whenComplete((ok, error) -> loop.execute(() -> {
            if (error == null) {
                connected = link.isOpen();
                ready.complete(null);
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause()
                    : error;
            stop(cause instanceof ServiceMismatchException ? ExitCodes.SERVICE_MISMATCH : ExitCodes.FAILURE,
                    cause.getMessage());
        }));
    }

    @Override
    public void message(TunnelLink link, TunnelFrame frame) {
        side.message(frame);
    }

    @Override
    public void sessionReset(TunnelLink link) {
        LOG.info("the server reset every stream");
        side.sessionReset();
    }

    @Override
    public void disconnected(TunnelLink link) {
        connected = false;
        side.sessionEnded();
    }

    @Override
    public void closedByServer(String reason) {
        connected = false;
        LOG.info("the server closed the tunnel{}", reason.isEmpty() ? "" : ": " + reason);
        stop(ExitCodes.OK, null);
    }

    @Override
    public void rejected(String message) {
        stop(ExitCodes.REJECTED, message);
    }

    /** Stops once: closes the tunnel and local sockets, shuts the event loop down, then completes {@link #exit}. */
    void stop(int code, String message) {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(() -> stop(code, message));
            } catch (RejectedExecutionException e) {
                // already shut down: exit() completes or has completed
            }
            return;
        }
        if (stopping) {
            return;
        }
        stopping = true;
        failure = message;
        connected = false;
        if (message != null) {
            LOG.debug("stopping with exit code {}: {}", code, message);
        }
        connector.close();
        side.shutdown();
        group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).addListener(f -> {
            ready.completeExceptionally(new IllegalStateException(
                    message != null ? message : "the local proxy stopped before it was ready"));
            exit.complete(code);
        });
    }

    boolean inEventLoop() {
        return loop.inEventLoop();
    }
}
