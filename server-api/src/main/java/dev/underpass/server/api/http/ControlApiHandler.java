package dev.underpass.server.api.http;

import dev.underpass.server.api.ApiObserver;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.auth.SigV4Verifier;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the control API on an HTTP connection: AWS JSON 1.1 ({@code POST /} with {@code X-Amz-Target}) and the
 * REST routes of SPEC §2, every request authenticated with SigV4.
 *
 * <p>Place it after {@code HttpServerCodec} and {@code HttpObjectAggregator(}{@link #MAX_CONTENT_LENGTH}{@code )}.
 * <b>Not sharable</b>: create one per channel, as it keeps the connection's queue of requests. Each request is
 * copied off the event loop's buffers and served on {@code executor} (the store blocks on JDBC, so that executor
 * must not be an event loop); the response is written back on the channel's event loop.
 *
 * <p>Responses leave in request order. While a request is being served, auto-read is off, so one connection has
 * one request in flight and at most {@value #MAX_QUEUED_REQUESTS} more already decoded; beyond that the connection
 * is closed. Auto-read is switched back on once the queue is empty. Keep-alive is honoured; a request Netty could
 * not decode is answered 400 and the connection closed. Every response carries {@code x-amzn-RequestId},
 * {@code Content-Type} and {@code Content-Length}. If the executor rejects a request, the answer is
 * {@code ThrottlingException}.
 */
public final class ControlApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    /** Largest request body worth aggregating: 200 tags of the longest keys and values fit well within. */
    public static final int MAX_CONTENT_LENGTH = 512 * 1024;
    /** Pipelined requests held per connection behind the one being served. */
    static final int MAX_QUEUED_REQUESTS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(ControlApiHandler.class);

    private final ApiDispatcher dispatcher;
    private final Executor executor;
    // Both touched on the event loop only.
    private final ArrayDeque<ApiCall> waiting = new ArrayDeque<>();
    private boolean serving;

    /**
     * @param api      the operations
     * @param verifier SigV4 verification with the server's access keys
     * @param executor runs the blocking work (authentication, store); must not be an event loop; bounded, ideally
     */
    public ControlApiHandler(ControlApi api, SigV4Verifier verifier, Executor executor) {
        this(api, verifier, executor, ApiObserver.NONE);
    }

    /** As above, telling {@code observer} of every answered call. */
    public ControlApiHandler(ControlApi api, SigV4Verifier verifier, Executor executor, ApiObserver observer) {
        this.dispatcher = new ApiDispatcher(Objects.requireNonNull(api, "api"), Objects.requireNonNull(verifier, "verifier"),
                Objects.requireNonNull(observer, "observer"));
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (waiting.size() >= MAX_QUEUED_REQUESTS) {
            LOG.debug("Closing {}: more than {} pipelined requests", ctx.channel(), MAX_QUEUED_REQUESTS);
            waiting.clear();
            ctx.close();
            return;
        }
        waiting.add(ApiCall.from(request, ctx.channel().remoteAddress()));
        ctx.channel().config().setAutoRead(false);
        if (!serving) {
            serveNext(ctx);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.clear();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Resets and broken pipes are the client's business: noise.
            LOG.debug("Closing {} after an I/O error: {}", ctx.channel(), cause.toString());
        } else {
            LOG.warn("Closing {} after an unexpected error", ctx.channel(), cause);
        }
        ctx.close();
    }

    private void serveNext(ChannelHandlerContext ctx) {
        ApiCall call = waiting.poll();
        if (call == null) {
            ctx.channel().config().setAutoRead(true);
            return;
        }
        serving = true;
        try {
            executor.execute(() -> serve(ctx, call));
        } catch (RejectedExecutionException e) {
            send(ctx, call, dispatcher.busy(call));
        }
    }

    /** Runs on the executor. */
    private void serve(ChannelHandlerContext ctx, ApiCall call) {
        ApiReply reply;
        try {
            reply = dispatcher.handle(call);
        } catch (Throwable t) {
            LOG.error("Request {} failed outside any operation", call.requestId(), t);
            reply = dispatcher.internalFailure(call);
        }
        ApiReply done = reply;
        try {
            ctx.executor().execute(() -> send(ctx, call, done));
        } catch (RejectedExecutionException e) {
            LOG.debug("Dropping the answer to request {}: the event loop is shutting down", call.requestId());
        }
    }

    /** Runs on the event loop. */
    private void send(ChannelHandlerContext ctx, ApiCall call, ApiReply reply) {
        FullHttpResponse response = new DefaultFullHttpResponse(call.version(), HttpResponseStatus.valueOf(reply.status()),
                Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                .set("x-amzn-RequestId", call.requestId());
        if (reply.errorType() != null) {
            response.headers().set("x-amzn-ErrorType", reply.errorType().awsName());
        }
        if (reply.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, reply.allow());
        }
        HttpUtil.setKeepAlive(response, call.keepAlive());
        ctx.writeAndFlush(response).addListener((ChannelFutureListener) future -> {
            serving = false;
            if (!future.isSuccess() || !call.keepAlive()) {
                waiting.clear();
                future.channel().close();
            } else {
                serveNext(ctx);
            }
        });
    }
}
