package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.TunnelFrameDecoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * Assembles the pipeline of a relayed connection in one place, with named handlers. After the upgrade it reads,
 * from the socket inwards:
 *
 * <pre>
 * [ssl] → wsencoder → relay-closer → relay-liveness → wsdecoder → relay-frames → relay-decoder → relay-connection
 * </pre>
 *
 * The closer sits where every outgoing frame passes it; liveness sees raw bytes; frames unwraps WebSocket frames
 * into the byte stream the {@link TunnelFrameDecoder} cuts into tunnel messages for the {@link RelayConnection}.
 * Auto-read is off and the write buffer has explicit water marks.
 */
final class RelayPipeline {
    static final String PENDING = "relay-pending-admission";
    static final String CLOSER = "relay-closer";
    static final String LIVENESS = "relay-liveness";
    static final String FRAMES = "relay-frames";
    static final String DECODER = "relay-decoder";
    static final String CONNECTION = "relay-connection";

    private RelayPipeline() {
    }

    /**
     * Installs the relay handlers. They go after the WebSocket codec if the channel has one (else first, for tests
     * that feed frames), and in place of the handler named {@code replacing} (else last).
     */
    static RelayConnection install(Channel channel, RelaySettings settings, Clock clock, TunnelRegistry registry,
            String tunnelId, Mode mode, SubProtocol subProtocol, UUID channelId, List<String> services,
            String replacing) {
        channel.config().setAutoRead(false);
        channel.config().setWriteBufferWaterMark(new WriteBufferWaterMark(settings.writeBufferLowWaterMark(),
                settings.writeBufferHighWaterMark()));
        WebSocketCloser closer = new WebSocketCloser(settings.closeGrace());
        RelayConnection connection = new RelayConnection(tunnelId, mode, subProtocol, channelId, services, closer,
                registry);
        closer.onClosing(connection::leave);
        Liveness liveness = new Liveness(settings, clock, connection::isReadingPaused, closer);

        ChannelPipeline pipeline = channel.pipeline();
        ChannelHandlerContext wsDecoder = pipeline.context(WebSocketFrameDecoder.class);
        if (wsDecoder != null) {
            pipeline.addBefore(wsDecoder.name(), CLOSER, closer);
            pipeline.addBefore(wsDecoder.name(), LIVENESS, liveness);
        } else {
            pipeline.addFirst(LIVENESS, liveness);
            pipeline.addFirst(CLOSER, closer);
        }
        WebSocketFrameHandler frames = new WebSocketFrameHandler(closer, registry.observer());
        if (replacing != null) {
            pipeline.replace(replacing, FRAMES, frames);
        } else {
            pipeline.addLast(FRAMES, frames);
        }
        pipeline.addAfter(FRAMES, DECODER, new TunnelFrameDecoder());
        pipeline.addAfter(DECODER, CONNECTION, connection);
        return connection;
    }
}
