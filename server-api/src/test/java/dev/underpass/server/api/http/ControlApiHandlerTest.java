package dev.underpass.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.api.auth.AccessKeys;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.api.testing.SdkSigning;
import dev.underpass.server.store.TunnelStore;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The handler's transport duties on an {@link EmbeddedChannel}, with the executor run by hand. */
class ControlApiHandlerTest {
    private static final String KEY_ID = "AKIAHANDLERTEST00001";
    private static final String SECRET = "handler-secret";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    /** A store that fails deep inside, with a message that must never reach the client. */
    private final TunnelStore broken = (TunnelStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TunnelStore.class}, (proxy, method, args) -> {
                throw new IllegalStateException("jdbc:h2:/very/secret/path exploded");
            });
    private final ControlApi api = new ControlApi(broken, ApiSettings.defaults(), CLOCK, TunnelEvents.NONE);
    private final SigV4Verifier verifier = new SigV4Verifier(AccessKeys.of(Map.of(KEY_ID, SECRET)), CLOCK);
    private final ArrayDeque<Runnable> work = new ArrayDeque<>();
    private EmbeddedChannel channel = new EmbeddedChannel(new ControlApiHandler(api, verifier, work::add));

    @AfterEach
    void finish() {
        channel.finishAndReleaseAll();
    }

    @Test
    void pipelinedRequestsAreServedOneAtATimeAndAnsweredInOrder() {
        channel.writeInbound(unsigned("/first"), unsigned("/second"));

        assertThat(work).as("one request in flight per connection").hasSize(1);
        assertThat(channel.config().isAutoRead()).isFalse();
        runWork();
        FullHttpResponse first = channel.readOutbound();
        assertThat(work).hasSize(1);
        runWork();
        FullHttpResponse second = channel.readOutbound();

        assertThat(first.headers().get("x-amzn-RequestId")).isNotEqualTo(second.headers().get("x-amzn-RequestId"));
        assertThat(body(first)).contains("MissingAuthenticationTokenException");
        assertThat(channel.config().isAutoRead()).isTrue();
        assertThat(channel.isOpen()).isTrue();
        first.release();
        second.release();
    }

    @Test
    void everyResponseCarriesARequestIdContentTypeAndContentLength() {
        channel.writeInbound(unsigned("/"));
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(response.headers().get("x-amzn-RequestId")).matches("[0-9a-f-]{36}");
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("MissingAuthenticationTokenException");
        assertThat(response.headers().get(HttpHeaderNames.CONTENT_TYPE)).isEqualTo("application/x-amz-json-1.1");
        assertThat(response.headers().getInt(HttpHeaderNames.CONTENT_LENGTH)).isEqualTo(response.content().readableBytes());
        response.release();
    }

    @Test
    void aRequestAskingToCloseTheConnectionIsAnsweredThenTheConnectionIsClosed() {
        FullHttpRequest request = unsigned("/tunnels");
        request.headers().set(HttpHeaderNames.CONNECTION, "close");
        channel.writeInbound(request);
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.headers().get(HttpHeaderNames.CONNECTION)).isEqualToIgnoringCase("close");
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void aRequestNettyCouldNotDecodeIsABadRequestAndClosesTheConnection() {
        FullHttpRequest request = unsigned("/");
        request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("header line too long")));
        channel.writeInbound(request);
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(body(response)).contains("Malformed HTTP request: header line too long");
        assertThat(channel.isOpen()).isFalse();
        response.release();
    }

    @Test
    void aFailureInsideAnOperationIsAnInternalFailureThatLeaksNothing() {
        channel.writeInbound(signedJson("IoTSecuredTunneling.DescribeTunnel", "{\"tunnelId\":\"abc\"}"));
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(500);
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("InternalFailureException");
        assertThat(body(response)).contains(response.headers().get("x-amzn-RequestId"))
                .doesNotContain("jdbc").doesNotContain("secret").doesNotContain("IllegalState");
        response.release();
    }

    @Test
    void whenTheExecutorRefusesWorkTheAnswerIsThrottling() {
        Executor refusing = task -> {
            throw new RejectedExecutionException("full");
        };
        channel.finishAndReleaseAll();
        channel = new EmbeddedChannel(new ControlApiHandler(api, verifier, refusing));

        channel.writeInbound(unsigned("/"));
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("ThrottlingException");
        response.release();
    }

    @Test
    void anUnknownTargetIsAnUnknownOperationException() {
        channel.writeInbound(signedJson("IoTSecuredTunneling.DeleteEverything", "{}"));
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("UnknownOperationException");
        assertThat(body(response)).contains("'IoTSecuredTunneling.DeleteEverything'")
                .contains("IoTSecuredTunneling.OpenTunnel");
        response.release();
    }

    @Test
    void malformedJsonIsASerializationException() {
        channel.writeInbound(signedJson("IoTSecuredTunneling.DescribeTunnel", "{\"tunnelId\":"));
        runWork();
        FullHttpResponse response = channel.readOutbound();

        assertThat(response.status().code()).isEqualTo(400);
        assertThat(response.headers().get("x-amzn-ErrorType")).isEqualTo("SerializationException");
        assertThat(body(response)).contains("The request body is not valid JSON");
        response.release();
    }

    private void runWork() {
        work.poll().run();
        channel.runPendingTasks();
    }

    private static FullHttpRequest unsigned(String path) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path,
                Unpooled.copiedBuffer("{}", StandardCharsets.UTF_8));
        request.headers().set(HttpHeaderNames.HOST, "localhost");
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 2);
        return request;
    }

    private static FullHttpRequest signedJson(String target, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = SdkSigning.sign("POST", URI.create("http://localhost/"),
                Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"), bytes, KEY_ID, SECRET,
                "us-east-1", CLOCK);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(bytes));
        signed.forEachHeader((name, values) -> values.forEach(v -> request.headers().add(name, v)));
        if (!request.headers().contains(HttpHeaderNames.HOST)) {
            request.headers().set(HttpHeaderNames.HOST, "localhost");
        }
        request.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        return request;
    }

    private static String body(FullHttpResponse response) {
        return response.content().toString(StandardCharsets.UTF_8);
    }
}
