package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.ProtocolException;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.net.SocketAddress;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One admitted side of a tunnel after the upgrade, and the last relay handler of its pipeline: checks each tunnel
 * message against its {@link MessageRules}, hands valid ones to the {@link TunnelSession}, flushes once per read
 * batch, and decides when to read more.
 *
 * <p>Backpressure: auto-read is off. After a read batch the connection reads again only if its own channel is
 * writable (it receives answers and pongs) and its peer's is, or there is no peer; otherwise it pauses, and resumes
 * when either becomes writable again or the peer changes ({@link #wakeUp}). So what one read batch adds to the
 * peer's outbound buffer is all it can hold beyond the high water mark.
 *
 * <p>Threading: handler methods run on this channel's event loop. The session calls {@link #forward}, {@link #send},
 * {@link #flush} and {@link #wakeUp} from the peer's event loop, and {@link #close} may come from any thread; they
 * only hand writes and tasks to this channel, which Netty runs in order on its loop. Usually the peer's loop is this
 * one: a connection joins on its peer's loop when the peer is connected ({@link LoopMove}), and then these calls run
 * at once instead of as tasks. Nothing relies on that; a pair on two loops (both sides joined at the same moment, or
 * a move that failed) works the same, only with a hand-off per message. The loop of a joined connection never changes.
 */
final class RelayConnection extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);

    private final String tunnelId;
    private final Mode mode;
    private final SubProtocol subProtocol;
    private final UUID channelId;
    private final List<String> services;
    private final MessageRules rules;
    private final WebSocketCloser closer;
    private final TunnelRegistry registry;
    private ChannelHandlerContext ctx;
    private volatile TunnelSession session;
    private boolean detached;
    private RelayConnection unflushedPeer;
    private boolean unflushedSelf;
    private boolean readingPaused = true;
    private SocketAddress remoteAddress;
    // Tunnel message bytes relayed from and to this side while it is current; guarded by the session's lock.
    long bytesFromSide;
    long bytesToSide;

    RelayConnection(String tunnelId, Mode mode, SubProtocol subProtocol, UUID channelId, List<String> services,
            WebSocketCloser closer, TunnelRegistry registry) {
        this.tunnelId = tunnelId;
        this.mode = mode;
        this.subProtocol = subProtocol;
        this.channelId = channelId;
        this.services = List.copyOf(services);
        this.rules = new MessageRules(mode, services);
        this.closer = closer;
        this.registry = registry;
    }

    String tunnelId() {
        return tunnelId;
    }

    Mode mode() {
        return mode;
    }

    Channel channel() {
        return ctx.channel();
    }

    SocketAddress remoteAddress() {
        return remoteAddress;
    }

    TunnelSession session() {
        return session;
    }

    void bind(TunnelSession session) {
        this.session = session;
    }

    /** Whether the relay stopped reading this connection for backpressure. Event loop only. */
    boolean isReadingPaused() {
        return readingPaused;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.remoteAddress = ctx.channel().remoteAddress(); // kept: a closed channel may no longer tell
    }

    /** Sends SERVICE_IDS, joins the tunnel and starts reading. Event loop only, once. */
    void start(long admissionEpoch) {
        if (detached || !ctx.channel().isActive()) {
            return; // gone before it could join
        }
        try {
            // Written now but flushed only after joining: a client that has its SERVICE_IDS may act on them at once
            // (a source's STREAM_START), so by then this side must already be the tunnel's current one.
            ctx.write(new BinaryWebSocketFrame(TunnelMessages.encode(ctx.alloc(),
                    TunnelMessages.serviceIds(services))));
        } catch (IllegalArgumentException e) {
            log.warn("tunnel {} has too many services for one SERVICE_IDS message", tunnelId);
            close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "too many services for one SERVICE_IDS message");
            return;
        }
        boolean attached = registry.attach(this, admissionEpoch);
        ctx.flush();
        if (attached) {
            log.info("{} connected to tunnel {} ({}, channel-id {})", mode.wireName(), tunnelId, subProtocol,
                    channelId);
            readIfWritable();
        }
    }

    // ---- called by the session, from any thread

    /** Writes a message from the peer as one binary frame, without flushing: the sender flushes per read batch. */
    void forward(TunnelFrame frame) {
        ctx.write(new BinaryWebSocketFrame(frame.content()));
    }

    /** Writes and flushes messages from the relay itself (resets). */
    void send(List<Message> messages) {
        for (Message message : messages) {
            ctx.write(new BinaryWebSocketFrame(TunnelMessages.encode(ctx.alloc(), message)));
        }
        ctx.flush();
    }

    void flush() {
        ctx.flush();
    }

    /** Re-evaluates on this connection's loop whether to read: the peer changed or became writable. */
    void wakeUp() {
        try {
            ctx.executor().execute(this::readIfWritable);
        } catch (RejectedExecutionException e) {
            log.debug("event loop gone, not waking {}", ctx.channel());
        }
    }

    /** Ends this connection with a close frame and leaves the tunnel at once. */
    void close(WebSocketCloseStatus status, String reason) {
        closer.close(status, reason);
    }

    /** Called by the closer, on the loop, when closing starts: the peer learns at once, not after the grace. */
    void leave() {
        if (!detached) {
            detached = true;
            registry.detach(this);
        }
    }

    // ---- on the event loop, from the session

    /** Answers the sender itself (peer absent); flushed at the end of the read batch. */
    void answer(Message message) {
        ctx.write(new BinaryWebSocketFrame(TunnelMessages.encode(ctx.alloc(), message)));
        unflushedSelf = true;
    }

    // ---- pipeline events

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof TunnelFrame)) {
            ctx.fireChannelRead(msg);
            return;
        }
        TunnelFrame frame = (TunnelFrame) msg;
        TunnelSession current = session;
        if (closer.isClosing() || current == null) {
            frame.release();
            return;
        }
        String violation = rules.violation(frame.header());
        if (violation != null) {
            frame.release();
            log.debug("{} of tunnel {} broke a rule: {}", mode.wireName(), tunnelId, violation);
            closeForViolation(WebSocketCloseStatus.POLICY_VIOLATION, violation);
            return;
        }
        RelayConnection peer = current.route(this, frame);
        if (peer != null) {
            if (unflushedPeer != null && unflushedPeer != peer) {
                unflushedPeer.flush(); // the peer was replaced within this batch
            }
            unflushedPeer = peer;
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (unflushedPeer != null) {
            unflushedPeer.flush();
            unflushedPeer = null;
        }
        if (unflushedSelf) {
            unflushedSelf = false;
            ctx.flush();
        }
        readIfWritable();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            readIfWritable();
            TunnelSession current = session;
            if (current != null) {
                current.wakePeerOf(this);
            }
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        leave();
        if (session != null) {
            log.info("{} disconnected from tunnel {} (channel-id {})", mode.wireName(), tunnelId, channelId);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            log.debug("{} of tunnel {} sent bad input: {}", mode.wireName(), tunnelId, cause.getMessage());
            closeForViolation(WebSocketCloseStatus.POLICY_VIOLATION, cause.getMessage());
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            log.debug("{} of tunnel {} sent a bad frame: {}", mode.wireName(), tunnelId, cause.getMessage());
            closeForViolation(((CorruptedWebSocketFrameException) cause).closeStatus(), cause.getMessage());
        } else if (ExpectedErrors.isNoise(cause)) {
            log.debug("{} of tunnel {}: {}", mode.wireName(), tunnelId, cause.toString());
            ctx.close();
        } else if (cause instanceof DecoderException) {
            log.debug("{} of tunnel {} sent undecodable input", mode.wireName(), tunnelId, cause);
            closeForViolation(WebSocketCloseStatus.PROTOCOL_ERROR, "undecodable input: " + cause.getMessage());
        } else {
            log.warn("unexpected error on the {} connection of tunnel {}", mode.wireName(), tunnelId, cause);
            close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR, "internal error");
        }
    }

    /** Closes this connection for breaking the protocol, and counts it. */
    void closeForViolation(WebSocketCloseStatus status, String reason) {
        registry.observer().violation(status.code());
        close(status, reason);
    }

    private void readIfWritable() {
        TunnelSession current = session;
        if (current == null || closer.isClosing() || !ctx.channel().isActive()) {
            return;
        }
        // Bound: nothing more is read while either outbound buffer is over its high water mark.
        readingPaused = !ctx.channel().isWritable() || !current.peerWritable(this);
        if (!readingPaused) {
            ctx.read();
        }
    }

    @Override
    public String toString() {
        return "RelayConnection[" + mode.wireName() + " of " + tunnelId + ", " + channelId + "]";
    }
}
