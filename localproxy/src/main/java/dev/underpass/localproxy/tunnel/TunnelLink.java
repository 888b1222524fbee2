package dev.underpass.localproxy.tunnel;

import dev.underpass.protocol.MaskedDataFrames;
import dev.underpass.protocol.ProtocolLimits;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One connected WebSocket session with the server, as the local connections see it: where tunnel messages are
 * written, and the two halves of backpressure. Writes go out as one binary frame per tunnel message; a write on a
 * closed link releases its buffer. The link is a WebSocket client, so every frame it sends is masked. Everything
 * except {@link #isOpen()} runs on the link's event loop.
 *
 * <p>Backpressure: a local connection reads its socket only while {@link #isWritable()}, else it parks a callback
 * with {@link #whenWritable}. In the other direction, a local connection that cannot take more bytes calls
 * {@link #blockReads}; the link stops reading from the server until every blocker has called {@link #unblockReads}.
 * The protocol has no per-connection flow control, so one slow local reader stalls the whole tunnel's read side.
 */
public final class TunnelLink {
    private static final int MAX_CLOSE_REASON_CHARS = 60;
    private final Channel channel;
    private final SubProtocol protocol;
    private final String channelId;
    private final Set<Object> readBlockers = new HashSet<>();
    private final Set<Runnable> writableWaiters = new LinkedHashSet<>();
    private final List<Channel> unflushedLocals = new ArrayList<>(4);
    private final Runnable flushLocals = this::readComplete;
    private ScheduledFuture<?> pinger;
    private boolean answersPings;
    private int closeCode = -1;
    private String closeReason = "";

    public TunnelLink(Channel channel, SubProtocol protocol, String channelId) {
        this.channel = channel;
        this.protocol = protocol;
        this.channelId = channelId;
        channel.closeFuture().addListener(f -> {
            if (pinger != null) {
                pinger.cancel(false);
            }
            writableWaiters.clear();
        });
    }

    /** The negotiated sub-protocol: it decides whether messages carry service and connection ids. */
    public SubProtocol protocol() {
        return protocol;
    }

    /** The server's name for this session ({@code channel-id} header), for troubleshooting. */
    public String channelId() {
        return channelId;
    }

    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    ChannelFuture closeFuture() {
        return channel.closeFuture();
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    /** Sends one control message and flushes. */
    public void send(Message message) {
        channel.writeAndFlush(new BinaryWebSocketFrame(TunnelMessages.encode(channel.alloc(), message)),
                channel.voidPromise());
    }

    /** Sends a control message of {@code type} addressed to {@code key}. */
    public void sendControl(Message.Type type, ConnectionKey key) {
        send(TunnelMessages.control(type, key.streamId(), key.serviceId(), key.connectionId()));
    }

    /**
     * Writes the readable bytes of {@code payload} as DATA messages of at most 64512 bytes, and releases it. Each
     * message goes out as a finished, masked WebSocket frame ({@link MaskedDataFrames}: one pass over the payload
     * instead of a copy and a masking pass); it is written where the frames of {@link #send} are, and Netty's frame
     * encoder passes it on untouched, so messages keep their order.
     */
    public void writeData(ConnectionKey key, ByteBuf payload) {
        try {
            while (payload.isReadable()) {
                ByteBuf chunk = payload.readSlice(Math.min(payload.readableBytes(),
                        ProtocolLimits.MAX_DATA_PAYLOAD_BYTES));
                ByteBuf frame = MaskedDataFrames.encode(channel.alloc(), key.streamId(), key.serviceId(),
                        key.connectionId(), chunk);
                channel.write(frame, channel.voidPromise());
            }
        } finally {
            payload.release();
        }
    }

    public void flush() {
        channel.flush();
    }

    /**
     * Flushes {@code local} once the current read from the server is done, with everything else that read wrote
     * to it: one write system call per local socket and read, instead of one per DATA message. Only for a connected
     * socket (a flush before the connection is up would fail what is queued). The end of the read is the usual
     * moment; a task on the loop is the backstop, should a message ever come without a read-complete after it.
     */
    public void flushAfterRead(Channel local) {
        if (unflushedLocals.contains(local)) {
            return;
        }
        if (unflushedLocals.isEmpty()) {
            try {
                channel.eventLoop().execute(flushLocals);
            } catch (RejectedExecutionException e) {
                local.flush(); // the loop is shutting down: no later moment
                return;
            }
        }
        unflushedLocals.add(local);
    }

    /** Called by the pipeline at the end of each read from the server. */
    void readComplete() {
        if (unflushedLocals.isEmpty()) {
            return;
        }
        Channel[] locals = unflushedLocals.toArray(new Channel[0]);
        unflushedLocals.clear(); // before flushing: a flush may lead to more writes
        for (Channel local : locals) {
            local.flush();
        }
    }

    /** Whether the server side can take more: local sockets are read only while it is. */
    public boolean isWritable() {
        return channel.isWritable();
    }

    /** Runs {@code task} once when the link becomes writable again (never, if it closes first). */
    public void whenWritable(Runnable task) {
        if (channel.isActive()) {
            writableWaiters.add(task);
        }
    }

    /** Forgets a task given to {@link #whenWritable}. */
    public void forgetWaiter(Runnable task) {
        writableWaiters.remove(task);
    }

    /** Called by the pipeline when the channel's writability changed. */
    void writabilityChanged() {
        if (!channel.isWritable() || writableWaiters.isEmpty()) {
            return;
        }
        List<Runnable> ready = new ArrayList<>(writableWaiters);
        writableWaiters.clear();
        ready.forEach(Runnable::run);
    }

    /** Stops reading from the server until {@code blocker} calls {@link #unblockReads}. */
    public void blockReads(Object blocker) {
        if (readBlockers.add(blocker) && readBlockers.size() == 1) {
            channel.config().setAutoRead(false);
        }
    }

    /** Withdraws a {@link #blockReads}; reading resumes when no blocker is left. */
    public void unblockReads(Object blocker) {
        if (readBlockers.remove(blocker) && readBlockers.isEmpty()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Whether some local connection holds reading from the server. */
    public boolean readsBlocked() {
        return !readBlockers.isEmpty();
    }

    /** Sends a WebSocket ping every {@code interval}; the payload is a decimal timestamp, as AWS's client sends. */
    void startPinging(Duration interval) {
        long millis = interval.toMillis();
        pinger = channel.eventLoop().scheduleAtFixedRate(() -> {
            ByteBuf stamp = Unpooled.copiedBuffer(Long.toString(System.currentTimeMillis()), StandardCharsets.US_ASCII);
            channel.writeAndFlush(new PingWebSocketFrame(stamp), channel.voidPromise());
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** A pong arrived: the server answers pings, so its silence can be taken as a dead connection. */
    void pongReceived() {
        answersPings = true;
    }

    /**
     * Whether silence from the server means the connection is dead: it answered a ping before, and no local
     * connection holds reading. AWS allows a server not to answer pings; such a server is never timed out.
     */
    boolean silenceMeansDead() {
        return answersPings && readBlockers.isEmpty();
    }

    /** Records the close frame the server sent. */
    void remoteClosed(int code, String reason) {
        closeCode = code;
        closeReason = reason == null ? "" : reason;
    }

    /** The status code of the server's close frame, or -1 when it sent none. */
    public int closeCode() {
        return closeCode;
    }

    /** The reason in the server's close frame, empty when none. */
    public String closeReason() {
        return closeReason;
    }

    /** Sends a close frame and closes the connection once it is written. */
    public void close(int code, String reason) {
        if (channel.isActive()) {
            String shortReason = reason.length() > MAX_CLOSE_REASON_CHARS
                    ? reason.substring(0, MAX_CLOSE_REASON_CHARS) : reason; // control frames carry 125 bytes
            channel.writeAndFlush(new CloseWebSocketFrame(code, shortReason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    /** Closes the connection at once (the server sees an abnormal closure). */
    void abort() {
        channel.close();
    }

    @Override
    public String toString() {
        return "TunnelLink[" + protocol + ", channel-id " + channelId + "]";
    }
}
