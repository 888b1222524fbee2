package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Tokens;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** End-to-end backpressure: a reader that stops makes the relay stop reading the writer, with bounded buffering. */
@ExtendWith(NettyLeakGuard.class)
class BackpressureTest {
    private static final int SOCKET_BUFFER = 64 * 1024;
    private static final int MESSAGES = 128;
    private static final int PAYLOAD = 64_512;
    /** One read batch: at most one 64 KiB socket read plus the rest of a message begun in the batch before. */
    private static final int READ_BATCH = 2 * 65_537;

    /** Writes DATA messages as fast as the channel takes them, never past its high water mark. */
    private static final class Pump extends ChannelInboundHandlerAdapter {
        final AtomicInteger sent = new AtomicInteger();

        void pump(Channel channel) {
            while (sent.get() < MESSAGES && channel.isWritable()) {
                int i = sent.getAndIncrement();
                channel.write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(
                        Msgs.data(1, "SSH1", 1, Msgs.payload(PAYLOAD, i)))));
            }
            channel.flush();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (ctx.channel().isWritable()) {
                pump(ctx.channel());
            }
            ctx.fireChannelWritabilityChanged();
        }
    }

    @Test
    void aReaderThatStopsMakesTheRelayStopReadingTheWriterAndAllArrivesIntactOnceItReads() throws Exception {
        // Pings far apart: on a loaded machine the test can outlast the default 20 s ping interval, and a ping to
        // the destination would then arrive where the test reads data.
        RelaySettings settings = RelaySettings.DEFAULTS.withIdleTimeout(Duration.ofMinutes(10), Duration.ofMinutes(5));
        try (TestServer server = new TestServer(settings, SOCKET_BUFFER)) {
            Tokens tokens = server.authority.open("SSH1");
            TestClient source = TestClient.connect(server, Mode.SOURCE, tokens.source(), null,
                    SubProtocol.V3.headerValue(), SOCKET_BUFFER);
            TestClient destination = TestClient.connect(server, Mode.DESTINATION, tokens.destination(), null,
                    SubProtocol.V3.headerValue(), SOCKET_BUFFER);
            source.nextMessage();
            destination.nextMessage();
            destination.channel.config().setAutoRead(false);
            Channel relayToDestination = server.children.stream()
                    .filter(c -> c.remoteAddress().equals(destination.channel.localAddress()))
                    .findFirst().orElseThrow();
            AtomicLong mostQueued = new AtomicLong();
            ScheduledFuture<?> sampler = relayToDestination.eventLoop().scheduleAtFixedRate(() -> {
                ChannelOutboundBuffer buffer = relayToDestination.unsafe().outboundBuffer();
                if (buffer != null) {
                    mostQueued.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
                }
            }, 0, 1, TimeUnit.MILLISECONDS);
            Pump pump = new Pump();
            source.channel.pipeline().addLast(pump);

            source.send(Msgs.streamStart(1, "SSH1", 1));
            source.channel.eventLoop().execute(() -> pump.pump(source.channel));

            // The relay stops reading the source: its buffers fill and it stays unable to write.
            await().atMost(Duration.ofSeconds(15)).during(Duration.ofMillis(500))
                    .until(() -> !source.channel.isWritable());
            assertThat(pump.sent.get()).as("messages the source got out").isLessThan(MESSAGES);
            assertThat(relayToDestination.isWritable()).isFalse();
            assertThat(mostQueued.get()).as("bytes the relay queued for the destination")
                    .isLessThanOrEqualTo((long) settings.writeBufferHighWaterMark() + READ_BATCH);

            destination.channel.config().setAutoRead(true);
            destination.channel.read();

            assertThat(destination.nextMessage().getType()).isEqualTo(Message.Type.STREAM_START);
            for (int i = 0; i < MESSAGES; i++) {
                Message data = destination.nextMessage();
                assertThat(data.getPayload().toByteArray()).as("payload %d", i).isEqualTo(Msgs.payload(PAYLOAD, i));
            }
            assertThat(pump.sent.get()).isEqualTo(MESSAGES);
            sampler.cancel(false);
            LoggerFactory.getLogger(BackpressureTest.class).info("most queued for the destination: {} bytes",
                    mostQueued.get());
            assertThat(mostQueued.get()).isLessThanOrEqualTo((long) settings.writeBufferHighWaterMark() + READ_BATCH);
            source.close();
            destination.close();
        }
    }
}
