package dev.underpass.server.api.http;

import dev.underpass.server.api.auth.SigV4Request;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One received request, copied out of Netty's buffers so that it can be served on another thread after the
 * request message is released.
 *
 * @param requestId      the {@code x-amzn-RequestId} of the answer, a random UUID
 * @param request        method, target, headers and body, as SigV4 reads them
 * @param version        the HTTP version, answered in kind
 * @param keepAlive      whether the client wants the connection kept open
 * @param malformedCause why Netty could not decode the request, or {@code null} when it could
 * @param remoteAddress  the caller's {@code host:port}, or {@code null} when unknown
 */
record ApiCall(String requestId, SigV4Request request, HttpVersion version, boolean keepAlive, String malformedCause,
        String remoteAddress) {

    static ApiCall from(FullHttpRequest message, SocketAddress remote) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        message.headers().forEach(h -> headers.computeIfAbsent(h.getKey(), n -> new ArrayList<>()).add(h.getValue()));
        byte[] body = ByteBufUtil.getBytes(message.content());
        String cause = null;
        if (message.decoderResult().isFailure()) {
            Throwable failure = message.decoderResult().cause();
            cause = failure == null || failure.getMessage() == null ? "undecodable request" : failure.getMessage();
        }
        return new ApiCall(UUID.randomUUID().toString(),
                new SigV4Request(message.method().name(), message.uri(), headers, body),
                message.protocolVersion(), HttpUtil.isKeepAlive(message) && cause == null, cause, address(remote));
    }

    /** {@code host:port} without a resolved name, so that nothing is looked up and the form is always the same. */
    static String address(SocketAddress remote) {
        if (remote instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return remote == null ? null : remote.toString();
    }

    String path() {
        return request.rawPath();
    }
}
