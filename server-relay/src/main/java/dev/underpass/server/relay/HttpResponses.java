package dev.underpass.server.relay;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/** Writes the plain-text HTTP answer to a refused upgrade, then closes the connection. */
final class HttpResponses {
    private HttpResponses() {
    }

    static void reject(Channel channel, Rejection rejection) {
        ByteBuf body = channel.alloc().buffer();
        body.writeCharSequence(oneLine(rejection.getMessage()) + "\n", StandardCharsets.UTF_8);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, rejection.status(), body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes())
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (rejection.headerName() != null) {
            response.headers().set(rejection.headerName(), rejection.headerValue());
        }
        channel.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }

    private static String oneLine(String reason) {
        return reason == null ? "rejected" : reason.replaceAll("[\\r\\n]+", " ");
    }
}
