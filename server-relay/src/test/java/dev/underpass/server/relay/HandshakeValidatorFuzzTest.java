package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.underpass.protocol.Handshake;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * Feeds arbitrary bytes, split at an arbitrary point, through the same HTTP decoding the server puts in front of the
 * relay (request line up to 4096 bytes, headers up to 8192, aggregated) and hands every request that comes out to
 * {@link HandshakeValidator}. It may only accept the request or refuse it with a 4xx {@link Rejection} carrying a
 * reason; no other exception, no buffer leak, and neither the accepted request's {@code toString} nor a reason may
 * echo the access or client token.
 *
 * <p>In the normal build it replays the inputs under {@code src/test/resources} (real handshakes of each kind, and
 * every input that once failed); with {@code JAZZER_FUZZ=1} it fuzzes for {@code maxDuration}.
 */
class HandshakeValidatorFuzzTest {
    /** The limits of the server's HttpServerCodec (ServerChannelInitializer, in the server module). */
    private static final int MAX_INITIAL_LINE = 4096;
    private static final int MAX_HEADER_SIZE = 8192;
    private static final int MAX_CHUNK_SIZE = 8192;
    private static final int MAX_CONTENT = 512 * 1024;
    /** Shorter secrets can occur by chance elsewhere in a request (a mode name, a path); real tokens are longer. */
    private static final int SECRET_CHECK_MIN_LENGTH = 12;

    @FuzzTest(maxDuration = "30s")
    void validatorAcceptsOrRefusesWithAReasonAndNeverLeaksATokenOrABuffer(byte[] input) {
        EmbeddedChannel channel = new EmbeddedChannel(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE,
                MAX_CHUNK_SIZE), new HttpObjectAggregator(MAX_CONTENT), new CodecErrorsEndTheConnection());
        int split = input.length == 0 ? 0 : (input[0] & 0xFF) % (input.length + 1);
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(input, 0, split));
            validateAll(channel);
            if (channel.isOpen()) { // a closed connection reads nothing more, in the server as here
                channel.writeInbound(Unpooled.wrappedBuffer(input, split, input.length - split));
                validateAll(channel);
            }
            channel.finish();
            validateAll(channel);
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    /**
     * The aggregator raises these when the connection ends mid-request, or when it answers a request it refuses
     * itself (an unsupported {@code Expect}, 417) on a connection already closed; the server then just has a closed
     * connection, and the validator never sees a request. Any other exception is passed on and fails the run.
     */
    private static final class CodecErrorsEndTheConnection extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
            if (cause instanceof PrematureChannelClosureException || cause instanceof ClosedChannelException) {
                ctx.close();
                return;
            }
            super.exceptionCaught(ctx, cause);
        }
    }

    private static void validateAll(EmbeddedChannel channel) {
        Object message;
        while ((message = channel.readInbound()) != null) {
            try {
                if (message instanceof FullHttpRequest request) {
                    check(request);
                }
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
        // The aggregator answers 100-continue and oversized bodies itself; those responses are not under test.
        Object written;
        while ((written = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(written);
        }
    }

    private static void check(FullHttpRequest request) {
        List<String> secrets = secrets(request);
        try {
            UpgradeRequest accepted = HandshakeValidator.validate(request);
            assertThat(accepted.mode()).isNotNull();
            assertThat(accepted.subProtocol()).isNotNull();
            assertThat(accepted.accessToken()).isNotBlank();
            String shown = accepted.toString();
            for (String secret : secrets) {
                assertThat(shown).as("toString of an accepted request").doesNotContain(secret);
            }
        } catch (Rejection refused) {
            assertThat(refused.status().code()).as("status of: " + refused.getMessage()).isBetween(400, 499);
            assertThat(refused.getMessage()).isNotBlank();
            for (String secret : secrets) {
                if (!request.uri().contains(secret) && !request.method().name().contains(secret)
                        && !isOwnText(request, refused, secret)) {
                    assertThat(refused.getMessage()).as("reason of a refusal").doesNotContain(secret);
                }
            }
        }
    }

    /**
     * Whether {@code secret} is in the refusal only because the validator's own words contain it (a "token" such as
     * {@code aws.iot.securetunneling-3.0}, which the sub-protocol hint names): the same request with every occurrence
     * of it in its headers masked is refused for the same reason, and that reason still contains it.
     */
    private static boolean isOwnText(FullHttpRequest request, Rejection refused, String secret) {
        if (!refused.getMessage().contains(secret)) {
            return false;
        }
        FullHttpRequest masked = request.replace(Unpooled.EMPTY_BUFFER);
        try {
            String mask = "Q".repeat(secret.length());
            masked.headers().clear();
            request.headers().forEach(h -> masked.headers().add(h.getKey(), h.getValue().replace(secret, mask)));
            HandshakeValidator.validate(masked);
            return false;
        } catch (Rejection again) {
            return again.code() == refused.code() && again.getMessage().contains(secret);
        } finally {
            ReferenceCountUtil.release(masked);
        }
    }

    /** Header values that are, or may be, tokens and long enough that finding them elsewhere is no accident. */
    private static List<String> secrets(FullHttpRequest request) {
        return request.headers().entries().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(Handshake.ACCESS_TOKEN_HEADER)
                        || h.getKey().equalsIgnoreCase(Handshake.CLIENT_TOKEN_HEADER))
                .map(h -> h.getValue().trim())
                .filter(v -> v.length() >= SECRET_CHECK_MIN_LENGTH)
                .toList();
    }
}
