package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.time.Clock;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The data plane of SPEC §4: takes {@code /tunnel} WebSocket upgrades from the server's HTTP router, pairs the
 * source and destination of each tunnel, and relays tunnel messages between them, intact, in order, with
 * backpressure end to end.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #accept} is called on the connection's event loop for every WebSocket upgrade request and every
 *       request to {@code /tunnel}; the relay then owns the request and the connection (it replaces the router
 *       in the pipeline, answers 4xx/5xx with {@code Connection: close}, or upgrades). The pipeline must contain
 *       an {@code HttpServerCodec} and an {@code HttpObjectAggregator}.</li>
 *   <li>The {@link TunnelAuthority} is only ever called on the {@code blocking} executor.</li>
 *   <li>{@link #closeTunnel}, {@link #disconnect} and {@link #shutdown} may be called from any thread, return at
 *       once, and tolerate unknown tunnels and repeated calls. Connections end with a close frame carrying the
 *       reason; admissions under way at the time of the call are refused when they complete.</li>
 *   <li>Limits: WebSocket frames up to 131076 bytes, tunnel messages up to 65535 bytes; per connection, at most the
 *       high water mark plus one read batch waits in the relay. No bandwidth cap.</li>
 * </ul>
 *
 * <p>Threading: each connection is handled on its own event loop; a side that joins while its peer is connected
 * first moves to the peer's loop, so a pair usually shares one. The two sides meet only in a {@link TunnelSession}
 * under its lock, which enqueues writes and never blocks, so pairs on two loops are correct too.
 */
public final class Relay {
    private final TunnelRegistry registry;
    private final Upgrader upgrader;

    public Relay(RelaySettings settings, TunnelAuthority authority, Executor blocking, Clock clock) {
        this(settings, authority, blocking, clock, RelayObserver.NONE);
    }

    /** As above, telling {@code observer} about relayed bytes, refusals and violations. */
    public Relay(RelaySettings settings, TunnelAuthority authority, Executor blocking, Clock clock,
            RelayObserver observer) {
        Objects.requireNonNull(observer, "observer");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(blocking, "blocking");
        Objects.requireNonNull(clock, "clock");
        this.registry = new TunnelRegistry(new Tombstones(clock), new ConnectionStateReporter(authority, blocking),
                observer);
        this.upgrader = new Upgrader(settings, authority, blocking, clock, registry, observer);
    }

    /** Whether the request asks for a WebSocket upgrade ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
    public static boolean isWebSocketUpgrade(HttpRequest request) {
        return HandshakeValidator.isWebSocketUpgrade(request.headers());
    }

    /**
     * Takes over an upgrade request and its connection; {@code ctx} is the router's context, which is removed from
     * the pipeline. Releases the request. Event loop of {@code ctx} only.
     */
    public void accept(ChannelHandlerContext ctx, FullHttpRequest request) {
        upgrader.accept(ctx, request);
    }

    /** CloseTunnel or expiry: closes both sides with 1000 and {@code reason}, and forgets the tunnel. */
    public void closeTunnel(String tunnelId, String reason) {
        registry.closeTunnel(tunnelId, reason);
    }

    /**
     * Token rotation: closes the connections of {@code sides} with 1000 and {@code reason}; a surviving side gets a
     * STREAM_RESET per active stream. Call it before the new tokens reach anyone, so that admissions with the old
     * tokens that are still under way are refused, and none with the new ones is.
     */
    public void disconnect(String tunnelId, Set<Mode> sides, String reason) {
        registry.disconnect(tunnelId, sides, reason);
    }

    /** Sides connected now, over all tunnels. */
    public int connectedSides() {
        return registry.connectedSides();
    }

    /** Tunnels with at least one connected side. */
    public int activeTunnels() {
        return registry.tunnels();
    }

    /**
     * Streams open now over all tunnels: started (STREAM_START forwarded to the peer) and not yet ended (by a
     * STREAM_RESET, a newer stream of the same service, or either side leaving). Any thread.
     */
    public long activeStreams() {
        return registry.streamCounts().streams();
    }

    /**
     * TCP connections carried now over all tunnels: in each open stream, the connection ids started and not reset
     * (V3, at most 1024 per stream counted), or one for a stream without connection ids (V1/V2). Any thread.
     */
    public long activeConnections() {
        return registry.streamCounts().connections();
    }

    /** Whether {@code side} of the tunnel is connected now. */
    public boolean isConnected(String tunnelId, Mode side) {
        return registry.isConnected(tunnelId, side);
    }

    /** The event loop serving {@code side} of the tunnel now, or {@code null}; for tests of co-location. */
    EventLoop loopOf(String tunnelId, Mode side) {
        return registry.loopOf(tunnelId, side);
    }

    /** Refuses new upgrades (503) and closes every connection with 1001 (going away). */
    public void shutdown() {
        upgrader.shutDown();
        registry.closeAll(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE, "server is shutting down");
    }
}
