package dev.underpass.bench.jmh;

import dev.underpass.protocol.TunnelMessages;
import dev.underpass.protocol.proto.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
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

/**
 * The relay's forwarding path, one DATA message per operation: a masked client WebSocket frame into the source's
 * pipeline (WebSocket decoding and unmasking, tunnel-message cutting, rules, stream tracking, routing), out of the
 * destination's pipeline as an encoded frame. No TLS and no socket. Payload MB/s = ops/s x payloadBytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RelayBenchmark {
    @Param({"64", "16384", "64512"})
    public int payloadBytes;

    private RelayHarness relay;
    private ByteBuf frame;
    private long expectedOut;

    @Setup(Level.Trial)
    public void setUp() {
        relay = new RelayHarness();
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        relay.relay(RelayHarness.clientFrame(TunnelMessages.encode(alloc,
                TunnelMessages.control(Message.Type.STREAM_START, 1, RelayHarness.SERVICE, 1))));
        ByteBuf payload = Unpooled.buffer(payloadBytes).writeZero(payloadBytes);
        frame = RelayHarness.clientFrame(TunnelMessages.encodeData(alloc, 1, RelayHarness.SERVICE, 1, payload));
        payload.release();
        expectedOut = relay.relay(frame.retainedDuplicate());
        long again = relay.relay(frame.retainedDuplicate());
        if (expectedOut < payloadBytes || again != expectedOut || !relay.bothOpen()) {
            throw new IllegalStateException("the relay did not forward the DATA message intact: " + expectedOut
                    + " then " + again + " bytes out for a " + payloadBytes + "-byte payload");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        boolean open = relay.bothOpen();
        frame.release();
        relay.close();
        if (!open) {
            throw new IllegalStateException("the relay closed the tunnel during the measurement");
        }
    }

    @Benchmark
    public long forwardData() {
        return relay.relay(frame.retainedDuplicate());
    }
}
