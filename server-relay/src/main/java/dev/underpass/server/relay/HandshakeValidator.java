package dev.underpass.server.relay;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.ProtocolLimits;
import dev.underpass.protocol.SubProtocol;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks a {@code /tunnel} upgrade request before anyone is asked about its token (SPEC §4 "Handshake"), so that a
 * request that cannot succeed never consumes a single-use token. Checks run in this order and the first failure
 * wins: 400/431 malformed or too long, 404 path, 405 method, 431 size, 400 not an upgrade, 426 WebSocket version,
 * 400 key, 400 mode, 400 token, 400 client token, 400 sub-protocol.
 */
final class HandshakeValidator {
    private static final String WEBSOCKET_VERSION = "13";

    private HandshakeValidator() {
    }

    static UpgradeRequest validate(FullHttpRequest request) throws Rejection {
        checkDecoded(request.decoderResult());
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Map<String, List<String>> parameters;
        try {
            // decoded here, once: a malformed %-escape in the path or query throws IllegalArgumentException
            uri.path();
            parameters = uri.parameters();
        } catch (IllegalArgumentException e) {
            throw bad(RejectionReason.MALFORMED_REQUEST,
                    "malformed request target (bad %-escape): percent-encode it as RFC 3986 says");
        }
        if (!Handshake.PATH.equals(uri.path())) {
            throw new Rejection(RejectionReason.BAD_PATH, HttpResponseStatus.NOT_FOUND,
                    "no such path " + Text.quote(uri.path(), 64) + ": the data plane is at " + Handshake.PATH);
        }
        if (!HttpMethod.GET.equals(request.method())) {
            throw new Rejection(RejectionReason.BAD_METHOD, HttpResponseStatus.METHOD_NOT_ALLOWED, "method "
                    + Text.quote(request.method().name(), 16) + " is not allowed on " + Handshake.PATH + ": use GET",
                    "Allow", "GET");
        }
        int size = requestSize(request);
        if (size > ProtocolLimits.MAX_HANDSHAKE_BYTES) {
            throw new Rejection(RejectionReason.HEADERS_TOO_LARGE, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "upgrade request of " + size + " bytes exceeds the limit of " + ProtocolLimits.MAX_HANDSHAKE_BYTES
                            + " bytes");
        }
        HttpHeaders headers = request.headers();
        if (!isWebSocketUpgrade(headers)) {
            throw new Rejection(RejectionReason.BAD_WEBSOCKET_HANDSHAKE, HttpResponseStatus.BAD_REQUEST,
                    "not a WebSocket upgrade: send Upgrade: websocket and Connection: Upgrade");
        }
        String version = headers.get(HttpHeaderNames.SEC_WEBSOCKET_VERSION);
        if (!WEBSOCKET_VERSION.equals(version == null ? null : version.trim())) {
            throw new Rejection(RejectionReason.BAD_WEBSOCKET_VERSION, HttpResponseStatus.UPGRADE_REQUIRED,
                    "unsupported WebSocket version "
                    + Text.quote(String.valueOf(version), 16) + ": use 13",
                    HttpHeaderNames.SEC_WEBSOCKET_VERSION.toString(), WEBSOCKET_VERSION);
        }
        if (headers.get(HttpHeaderNames.SEC_WEBSOCKET_KEY) == null) {
            throw bad(RejectionReason.BAD_WEBSOCKET_HANDSHAKE, "missing header Sec-WebSocket-Key");
        }
        Mode mode = mode(parameters);
        String accessToken = accessToken(headers);
        String clientToken = clientToken(headers);
        Optional<SubProtocol> subProtocol = SubProtocol.highestOffered(
                headers.getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (subProtocol.isEmpty()) {
            throw bad(RejectionReason.BAD_SUBPROTOCOL, "no supported sub-protocol offered: send Sec-WebSocket-Protocol "
                    + SubProtocol.V3.headerValue() + " (or -2.0, -1.0)");
        }
        return new UpgradeRequest(mode, accessToken, clientToken, subProtocol.get());
    }

    /** Whether the headers ask for a WebSocket upgrade ({@code Upgrade: websocket}, {@code Connection: upgrade}). */
    static boolean isWebSocketUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)
                && headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true);
    }

    private static void checkDecoded(DecoderResult result) throws Rejection {
        if (result.isSuccess()) {
            return;
        }
        if (result.cause() instanceof TooLongFrameException) {
            throw new Rejection(RejectionReason.HEADERS_TOO_LARGE, HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "upgrade request exceeds the limit of " + ProtocolLimits.MAX_HANDSHAKE_BYTES + " bytes");
        }
        throw bad(RejectionReason.MALFORMED_REQUEST, "malformed HTTP request");
    }

    /** Bytes of the request line and headers as they were on the wire (give or take optional whitespace). */
    private static int requestSize(FullHttpRequest request) {
        int size = request.method().name().length() + 1 + request.uri().length() + 1
                + request.protocolVersion().text().length() + 2;
        for (Map.Entry<String, String> header : request.headers()) {
            size += header.getKey().length() + 2 + header.getValue().length() + 2;
        }
        return size + 2;
    }

    private static Mode mode(Map<String, List<String>> parameters) throws Rejection {
        List<String> values = parameters.getOrDefault(Handshake.MODE_PARAMETER, List.of());
        if (values.isEmpty()) {
            throw bad(RejectionReason.BAD_MODE, "missing query parameter " + Handshake.MODE_PARAMETER
                    + ": use source or destination");
        }
        if (values.size() > 1) {
            throw bad(RejectionReason.BAD_MODE, "query parameter " + Handshake.MODE_PARAMETER + " given "
                    + values.size() + " times");
        }
        return Mode.fromWireName(values.get(0)).orElseThrow(() -> bad(RejectionReason.BAD_MODE, "invalid "
                + Handshake.MODE_PARAMETER + " " + Text.quote(values.get(0), 32) + ": use source or destination"));
    }

    private static String accessToken(HttpHeaders headers) throws Rejection {
        List<String> tokens = new ArrayList<>(headers.getAll(Handshake.ACCESS_TOKEN_HEADER));
        for (String cookieHeader : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(cookieHeader)) {
                if (Handshake.ACCESS_TOKEN_COOKIE.equals(cookie.name())) {
                    tokens.add(cookie.value());
                }
            }
        }
        if (tokens.isEmpty()) {
            throw bad(RejectionReason.MISSING_TOKEN, "missing access token: send header "
                    + Handshake.ACCESS_TOKEN_HEADER + " or cookie " + Handshake.ACCESS_TOKEN_COOKIE);
        }
        if (tokens.size() > 1) {
            throw bad(RejectionReason.DUPLICATE_TOKEN, tokens.size() + " access tokens given: send exactly one "
                    + Handshake.ACCESS_TOKEN_HEADER + " header or " + Handshake.ACCESS_TOKEN_COOKIE + " cookie");
        }
        String token = tokens.get(0).trim();
        if (token.isEmpty()) {
            throw bad(RejectionReason.MISSING_TOKEN, "empty access token");
        }
        return token;
    }

    private static String clientToken(HttpHeaders headers) throws Rejection {
        List<String> values = headers.getAll(Handshake.CLIENT_TOKEN_HEADER);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw bad(RejectionReason.BAD_CLIENT_TOKEN, "header " + Handshake.CLIENT_TOKEN_HEADER + " given "
                    + values.size() + " times");
        }
        String value = values.get(0).trim();
        if (!Handshake.CLIENT_TOKEN_PATTERN.matcher(value).matches()) {
            // the value is a secret: say what is wrong with it, not what it is
            throw bad(RejectionReason.BAD_CLIENT_TOKEN, "malformed " + Handshake.CLIENT_TOKEN_HEADER + " of "
                    + value.length() + " characters: use 32-128 characters of a-z, A-Z, 0-9 and '-'");
        }
        return value;
    }

    private static Rejection bad(RejectionReason code, String reason) {
        return new Rejection(code, HttpResponseStatus.BAD_REQUEST, reason);
    }
}
