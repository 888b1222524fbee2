package dev.underpass.localproxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.localproxy.bridge.LocalChannelHandler;
import dev.underpass.localproxy.bridge.TunnelConnection;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelFrameDecoder;
import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** DATA from the server reaches a local socket with one flush per read from the server, never later. */
@ExtendWith(NettyLeakGuard.class)
class LocalFlushTest {
    private final EmbeddedChannel ws = new EmbeddedChannel();
    private final TunnelLink link = new TunnelLink(ws, SubProtocol.V3, "test");
    private final EmbeddedChannel local = new EmbeddedChannel();
    private final ConnectionKey key = new ConnectionKey("SSH", 1, 1);
    private final TunnelConnection connection = new TunnelConnection(key, link, c -> { });
    private int flushes;

    LocalFlushTest() {
        ws.pipeline().addLast(new WebSocketFrameReader(link), new TunnelFrameDecoder(),
                new TunnelMessageDispatcher(link, new ToConnection()));
        local.config().setAutoRead(false);
        local.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void flush(ChannelHandlerContext ctx) {
                flushes++;
                ctx.flush();
            }
        }, new LocalChannelHandler(connection));
        local.pipeline().fireChannelActive();
        ws.writeInbound(new BinaryWebSocketFrame(TunnelMessages.encode(ByteBufAllocator.DEFAULT,
                TunnelMessages.serviceIds(List.of("SSH")))));
    }

    @AfterEach
    void release() {
        local.finishAndReleaseAll();
        ws.finishAndReleaseAll();
    }

    @Test
    void theMessagesOfOneReadAreFlushedTogetherAtItsEnd() {
        int before = flushes;
        ws.writeInbound(data("ab"), data("cd"), data("ef"));
        assertThat(flushes - before).as("one flush for the read").isEqualTo(1);
        assertThat(received()).isEqualTo("abcdef");
        ws.writeInbound(data("gh"));
        assertThat(flushes - before).as("and one for the next").isEqualTo(2);
        assertThat(received()).isEqualTo("gh");
    }

    @Test
    void dataWrittenOutsideAReadIsFlushedByTheLoopsNextTasks() {
        connection.writeFromTunnel(Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII));
        assertThat(received()).as("not yet flushed").isEmpty();
        ws.runPendingTasks();
        assertThat(received()).isEqualTo("late");
    }

    private static BinaryWebSocketFrame data(String text) {
        return new BinaryWebSocketFrame(TunnelMessages.encodeData(ByteBufAllocator.DEFAULT, 1, "SSH", 1,
                Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII)));
    }

    private String received() {
        StringBuilder text = new StringBuilder();
        ByteBuf buf;
        while ((buf = local.readOutbound()) != null) {
            text.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return text.toString();
    }

    /** Routes the session's DATA to the one connection, as a side's {@code ServiceStreams} does. */
    private final class ToConnection implements TunnelEvents {
        @Override
        public void connected(TunnelLink l) {
        }

        @Override
        public void serviceIds(TunnelLink l, List<String> serviceIds) {
        }

        @Override
        public void message(TunnelLink l, TunnelFrame frame) {
            connection.writeFromTunnel(frame.retainedPayload());
        }

        @Override
        public void sessionReset(TunnelLink l) {
        }

        @Override
        public void disconnected(TunnelLink l) {
        }

        @Override
        public void closedByServer(String reason) {
        }

        @Override
        public void rejected(String message) {
        }
    }
}
