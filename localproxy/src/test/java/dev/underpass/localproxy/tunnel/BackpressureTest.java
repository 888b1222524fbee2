package dev.underpass.localproxy.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.localproxy.bridge.LocalChannelHandler;
import dev.underpass.localproxy.bridge.TunnelConnection;
import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelFrameDecoder;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The two halves of backpressure, on embedded channels whose writability the test switches. */
@ExtendWith(NettyLeakGuard.class)
class BackpressureTest {
    private final EmbeddedChannel ws = new EmbeddedChannel();
    private final TunnelLink link = new TunnelLink(ws, SubProtocol.V3, "test");
    private final EmbeddedChannel local = new EmbeddedChannel();
    private final ConnectionKey key = new ConnectionKey("SSH", 1, 1);
    private int reads;

    BackpressureTest() {
        ws.pipeline().addLast(new WebSocket08FrameEncoder(true), new TunnelMessageDispatcher(link, null));
        local.config().setAutoRead(false);
        local.pipeline().addLast(new ChannelOutboundHandlerAdapter() {
            @Override
            public void read(ChannelHandlerContext ctx) {
                reads++;
                ctx.read();
            }
        }, new LocalChannelHandler(new TunnelConnection(key, link, c -> { })));
        local.pipeline().fireChannelActive();
    }

    @AfterEach
    void release() {
        local.finishAndReleaseAll();
        ws.finishAndReleaseAll();
    }

    @Test
    void aLocalSocketIsReadOnlyWhileTheTunnelCanTakeMore() {
        assertThat(reads).isEqualTo(1);
        writable(ws, false);
        local.writeInbound(Unpooled.copiedBuffer(new byte[100]));
        assertThat(reads).as("no read while the tunnel is unwritable").isEqualTo(1);
        writable(ws, true);
        assertThat(reads).as("reading resumes when the tunnel drains").isEqualTo(2);
        assertThat(sentTypes()).containsExactly(Message.Type.DATA);
    }

    @Test
    void aLocalSocketThatCannotTakeMoreStopsReadingFromTheServerUntilItDrainsOrCloses() {
        assertThat(ws.config().isAutoRead()).isTrue();
        writable(local, false);
        assertThat(ws.config().isAutoRead()).isFalse();
        writable(local, true);
        assertThat(ws.config().isAutoRead()).isTrue();
        writable(local, false);
        assertThat(ws.config().isAutoRead()).isFalse();
        local.close();
        assertThat(ws.config().isAutoRead()).as("a closed socket blocks nothing").isTrue();
        assertThat(sentTypes()).as("the peer learns the connection ended").containsExactly(
                Message.Type.CONNECTION_RESET);
    }

    /** Switches a channel's writability; Netty announces the change as a task, so run it. */
    private static void writable(EmbeddedChannel ch, boolean writable) {
        ch.unsafe().outboundBuffer().setUserDefinedWritability(1, writable);
        ch.runPendingTasks();
    }

    /** What the link sent, decoded as the server does: masked WebSocket frames, then tunnel messages. */
    private List<Message.Type> sentTypes() {
        EmbeddedChannel server = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(true).allowMaskMismatch(false).build()));
        EmbeddedChannel decoder = new EmbeddedChannel(new TunnelFrameDecoder());
        List<Message.Type> types = new ArrayList<>();
        ByteBuf bytes;
        while ((bytes = ws.readOutbound()) != null) {
            server.writeInbound(bytes);
        }
        BinaryWebSocketFrame frame;
        while ((frame = server.readInbound()) != null) {
            decoder.writeInbound(frame.content());
        }
        assertThat(server.finishAndReleaseAll()).as("nothing but binary frames").isFalse();
        TunnelFrame decoded;
        while ((decoded = decoder.readInbound()) != null) {
            MessageHeader h = decoded.header();
            assertThat(h.streamId()).isEqualTo(1);
            types.add(h.type());
            decoded.release();
        }
        decoder.finishAndReleaseAll();
        return types;
    }
}
