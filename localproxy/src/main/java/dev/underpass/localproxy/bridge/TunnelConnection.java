package dev.underpass.localproxy.bridge;

import dev.underpass.localproxy.tunnel.ConnectionKey;
import dev.underpass.localproxy.tunnel.TunnelLink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DuplexChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One local TCP connection carried through the tunnel under a {@link ConnectionKey}. Bytes read from the socket go
 * out as DATA while the link is writable; DATA from the peer is written to the socket and flushed when the read from
 * the server that brought it is complete (queued unflushed while an outgoing connection is still connecting, which
 * counts against the socket's water marks). When the socket closes
 * the peer gets one reset, unless it already knows. When the peer ends the connection, what is queued is written,
 * then the socket's output is shut down (FIN) and what the local side still sends is read and dropped until it
 * closes, for at most {@link #DRAIN_SECONDS}: closing a socket with unread input makes the kernel send RST and drop
 * the part of the queued bytes not yet sent. Event-loop confined.
 */
public final class TunnelConnection {
    private final ConnectionKey key;
    private final TunnelLink link;
    private final Consumer<TunnelConnection> onClosed;
    private final Runnable resume = this::requestRead;
    private Channel channel;
    private boolean peerInformed;
    private boolean closeWhenConnected;

    /** How long a socket whose peer ended it is read and dropped after its FIN, waiting for the local side to close. */
    static final long DRAIN_SECONDS = 5;

    /**
     * @param onClosed called once when the socket has closed, for whatever reason
     */
    public TunnelConnection(ConnectionKey key, TunnelLink link, Consumer<TunnelConnection> onClosed) {
        this.key = key;
        this.link = link;
        this.onClosed = onClosed;
    }

    public ConnectionKey key() {
        return key;
    }

    /** Binds the socket; called when the handler joins its pipeline, before the socket is active. */
    void attach(Channel ch) {
        this.channel = ch;
        ch.closeFuture().addListener(f -> closed());
    }

    /** The socket is connected: send what the peer already sent, then start reading. */
    void active() {
        if (closeWhenConnected) {
            flushAndClose();
            return;
        }
        channel.flush();
        requestRead();
    }

    void localBytes(ByteBuf bytes) {
        link.writeData(key, bytes);
    }

    void readComplete() {
        link.flush();
        requestRead();
    }

    private void requestRead() {
        if (!channel.isActive()) {
            return;
        }
        if (link.isWritable()) {
            channel.read();
        } else {
            link.whenWritable(resume);
        }
    }

    void writabilityChanged() {
        if (channel.isWritable()) {
            link.unblockReads(this);
        } else {
            link.blockReads(this);
        }
    }

    private void closed() {
        link.unblockReads(this);
        link.forgetWaiter(resume);
        if (!peerInformed) {
            peerInformed = true;
            if (link.isOpen()) {
                link.sendControl(key.resetType(), key);
            }
        }
        onClosed.accept(this);
    }

    /**
     * For an outgoing connection whose channel could not even be created: tells the peer and leaves, as a closed
     * socket would.
     */
    public void abandonIfNeverAttached() {
        if (channel == null) {
            closed();
        }
    }

    /** Writes DATA from the peer; takes ownership of {@code payload}. */
    public void writeFromTunnel(ByteBuf payload) {
        if (channel == null) {
            payload.release();
        } else if (channel.isActive()) {
            channel.write(payload, channel.voidPromise());
            link.flushAfterRead(channel); // with the rest of this read from the server
        } else if (channel.isOpen() && !closeWhenConnected) {
            channel.write(payload, channel.voidPromise()); // flushed once connected
        } else {
            payload.release();
        }
    }

    /** The peer ended this connection: write out what is queued, then close. */
    public void closeFromPeer() {
        peerInformed = true;
        if (channel == null) {
            return;
        }
        if (channel.isActive()) {
            flushAndClose();
        } else if (channel.isOpen()) {
            closeWhenConnected = true;
        }
    }

    /** Ends this connection and tells the peer (once). */
    public void reset() {
        if (!peerInformed) {
            peerInformed = true;
            link.sendControl(key.resetType(), key);
        }
        if (channel != null) {
            channel.close();
        }
    }

    /** Closes at once without telling the peer: the session it belonged to is gone. */
    public void closeSilently() {
        peerInformed = true;
        if (channel != null) {
            channel.close();
        }
    }

    private void flushAndClose() {
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) written -> {
            if (written.isSuccess() && channel instanceof DuplexChannel duplex && !duplex.isInputShutdown()) {
                duplex.shutdownOutput().addListener((ChannelFutureListener) shut -> drain());
            } else {
                channel.close();
            }
        });
    }

    /**
     * Takes the socket out of the tunnel: its input goes to {@link DropInput}, read as it comes, until the local side
     * closes (its EOF closes the channel) or {@link #DRAIN_SECONDS} have passed.
     */
    private void drain() {
        if (!channel.isActive()) {
            return;
        }
        link.unblockReads(this);
        link.forgetWaiter(resume);
        channel.pipeline().replace(LocalChannelHandler.class, "drop-input", DropInput.INSTANCE);
        Runnable close = channel::close;
        channel.eventLoop().schedule(close, DRAIN_SECONDS, TimeUnit.SECONDS);
        channel.config().setAutoRead(true);
    }

    @Override
    public String toString() {
        return key.toString();
    }
}
