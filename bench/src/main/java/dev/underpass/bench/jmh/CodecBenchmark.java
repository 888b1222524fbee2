package dev.underpass.bench.jmh;

import dev.underpass.protocol.MaskedDataFrames;
import dev.underpass.protocol.TunnelFrame;
import dev.underpass.protocol.TunnelFrameDecoder;
import dev.underpass.protocol.TunnelMessages;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The protocol codec, one DATA message per operation (as the local proxies send them, one per WebSocket frame):
 * {@link TunnelMessages#encodeData} from a pooled allocator, and {@link TunnelFrameDecoder} in a pipeline cutting the
 * message out of its input and parsing its header. Payload MB/s = ops/s x payloadBytes. A proxy sends each DATA
 * message as a masked client frame: {@code maskedFrameNetty} is how it was made before (the message, then Netty's
 * {@code WebSocket08FrameEncoder} masking it into a second buffer), {@code maskedFrame} is {@link MaskedDataFrames},
 * which writes the finished frame in one pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    @Param({"64", "1024", "16384", "64512"})
    public int payloadBytes;

    private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
    private ByteBuf payload;
    private ByteBuf encoded;
    private EmbeddedChannel decoder;
    private EmbeddedChannel clientEncoder;

    @Setup(Level.Trial)
    public void setUp() {
        payload = alloc.directBuffer(payloadBytes).writeZero(payloadBytes);
        encoded = TunnelMessages.encodeData(alloc, 1, "bench", 1, payload.duplicate());
        decoder = new EmbeddedChannel(new TunnelFrameDecoder());
        clientEncoder = new EmbeddedChannel(new WebSocket08FrameEncoder(true));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        payload.release();
        encoded.release();
        decoder.finishAndReleaseAll();
        clientEncoder.finishAndReleaseAll();
    }

    @Benchmark
    public void encodeData(Blackhole bh) {
        ByteBuf message = TunnelMessages.encodeData(alloc, 1, "bench", 1, payload.duplicate());
        bh.consume(message.readableBytes());
        message.release();
    }

    @Benchmark
    public void maskedFrameNetty(Blackhole bh) {
        ByteBuf message = TunnelMessages.encodeData(alloc, 1, "bench", 1, payload.duplicate());
        clientEncoder.writeOutbound(new BinaryWebSocketFrame(message));
        ByteBuf out;
        while ((out = clientEncoder.readOutbound()) != null) {
            bh.consume(out.readableBytes());
            out.release();
        }
    }

    @Benchmark
    public void maskedFrame(Blackhole bh) {
        ByteBuf frame = MaskedDataFrames.encode(alloc, 1, "bench", 1, payload.duplicate());
        bh.consume(frame.readableBytes());
        frame.release();
    }

    @Benchmark
    public void decode(Blackhole bh) {
        decoder.writeInbound(encoded.retainedDuplicate());
        TunnelFrame frame = decoder.readInbound();
        bh.consume(frame.header());
        frame.release();
    }
}
