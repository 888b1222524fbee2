package dev.underpass.localproxy.tunnel;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.ProtocolException;
import dev.underpass.protocol.TunnelFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the tunnel pipeline: hands decoded messages to {@link TunnelEvents} (the first SERVICE_IDS opens the
 * session; stream messages before it are dropped), skips unknown types, closes the link on a protocol error or a
 * silent server, and tells the link when its writability changes and when a read from the server is complete (it
 * then flushes the local sockets that read wrote to). Frames are released after dispatch.
 */
final class TunnelMessageDispatcher extends SimpleChannelInboundHandler<TunnelFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelMessageDispatcher.class);

    private final TunnelLink link;
    private final TunnelEvents events;
    private boolean sessionStarted;

    TunnelMessageDispatcher(TunnelLink link, TunnelEvents events) {
        this.link = link;
        this.events = events;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, TunnelFrame frame) {
        MessageHeader header = frame.header();
        switch (header.type()) {
            case SERVICE_IDS -> {
                if (!sessionStarted) {
                    sessionStarted = true;
                    events.serviceIds(link, header.availableServiceIds());
                } else {
                    LOG.debug("ignoring a repeated SERVICE_IDS {}", header.availableServiceIds());
                }
            }
            case SESSION_RESET -> events.sessionReset(link);
            case DATA, STREAM_START, STREAM_RESET, CONNECTION_START, CONNECTION_RESET -> {
                if (sessionStarted) {
                    events.message(link, frame);
                } else {
                    LOG.warn("dropping {} that came before SERVICE_IDS", header);
                }
            }
            default -> {
                if (header.ignorable()) {
                    LOG.debug("skipping ignorable message of unknown type {}", header.typeNumber());
                } else {
                    LOG.warn("skipping message of unknown type {}", header.typeNumber());
                }
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        link.readComplete();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        link.writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent && link.silenceMeansDead()) {
            LOG.warn("the server stopped answering pings; reconnecting");
            link.abort();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof ProtocolException) {
            LOG.warn("protocol error from the server, reconnecting: {}", cause.getMessage());
            link.close(WebSocketCloseStatus.PROTOCOL_ERROR.code(), cause.getMessage());
        } else if (Failures.isNoise(cause)) {
            LOG.debug("tunnel connection failed: {}", Failures.describe(cause));
            ctx.close();
        } else {
            LOG.warn("tunnel connection failed: {}", Failures.describe(cause));
            ctx.close();
        }
    }
}
