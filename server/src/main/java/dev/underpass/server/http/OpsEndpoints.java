package dev.underpass.server.http;

import dev.underpass.server.metrics.ServerMetrics;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unauthenticated operations endpoints: {@code /health} (the process is alive), {@code /ready} (it can serve:
 * the database answers and, with an external MQTT broker, the server is connected to it) and {@code /metrics} (Prometheus text format). The last two read the database, so they run
 * on the blocking pool and write their answer back on the connection's event loop.
 */
public final class OpsEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(OpsEndpoints.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final Executor blocking;
    private final ServerMetrics metrics;
    private final BooleanSupplier ready;
    private final BooleanSupplier brokerReady;

    public OpsEndpoints(Executor blocking, ServerMetrics metrics, BooleanSupplier ready) {
        this(blocking, metrics, ready, () -> true);
    }

    /** @param brokerReady whether tunnel notifications can reach the MQTT broker (an external one may be down) */
    public OpsEndpoints(Executor blocking, ServerMetrics metrics, BooleanSupplier ready, BooleanSupplier brokerReady) {
        this.blocking = blocking;
        this.metrics = metrics;
        this.ready = ready;
        this.brokerReady = brokerReady;
    }

    /** Answers {@code path} if it is one of ours; false otherwise. Event loop only. */
    boolean handle(ChannelHandlerContext ctx, String path, boolean keepAlive) {
        switch (path) {
            case "/health" -> respond(ctx, HttpResponseStatus.OK, TEXT, "ok", keepAlive);
            case "/ready" -> offload(ctx, keepAlive, this::readiness);
            case "/metrics" -> offload(ctx, keepAlive,
                    () -> new Answer(HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape()));
            default -> {
                return false;
            }
        }
        return true;
    }

    private Answer readiness() {
        if (!ready.getAsBoolean()) {
            return new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "not ready: the database does not answer");
        }
        if (!brokerReady.getAsBoolean()) {
            return new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT,
                    "not ready: the MQTT broker is not connected (tunnel notifications cannot go out)");
        }
        return new Answer(HttpResponseStatus.OK, TEXT, "ready");
    }

    private record Answer(HttpResponseStatus status, String contentType, String body) {
    }

    private interface Work {
        Answer run();
    }

    private void offload(ChannelHandlerContext ctx, boolean keepAlive, Work work) {
        ctx.channel().config().setAutoRead(false); // one request at a time on this connection
        try {
            blocking.execute(() -> {
                Answer answer;
                try {
                    answer = work.run();
                } catch (RuntimeException e) {
                    LOG.warn("Operations endpoint failed: {}", e.toString());
                    answer = new Answer(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "unavailable: " + e.getMessage());
                }
                Answer done = answer;
                ctx.executor().execute(() -> {
                    ctx.channel().config().setAutoRead(true);
                    respond(ctx, done.status(), done.contentType(), done.body(), keepAlive);
                });
            });
        } catch (RejectedExecutionException e) {
            ctx.channel().config().setAutoRead(true);
            respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "server is busy: retry later", false);
        }
    }

    static void respond(ChannelHandlerContext ctx, HttpResponseStatus status, String contentType, String body,
            boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body.endsWith("\n") ? body : body + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
