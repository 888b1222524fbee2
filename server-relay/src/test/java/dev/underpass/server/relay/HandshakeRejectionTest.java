package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.relay.TestAuthority.Tokens;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every refused upgrade gets its 4xx, a one-line reason and {@code Connection: close}, over a real socket, and is
 * reported to the observer with its status and reason code.
 */
@ExtendWith(NettyLeakGuard.class)
class HandshakeRejectionTest {
    private static final String V3 = "Sec-WebSocket-Protocol: aws.iot.securetunneling-3.0";
    private static final String SOURCE = "/tunnel?local-proxy-mode=source";

    /** A refusal as the observer learns it. */
    record Refused(int status, RejectionReason code) {
    }

    private static final BlockingQueue<Refused> refused = new LinkedBlockingQueue<>();
    private static TestServer server;
    private static Tokens tokens;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer(new RelayObserver() {
            @Override
            public void handshakeRejected(int httpStatus, RejectionReason reason) {
                refused.add(new Refused(httpStatus, reason));
            }
        });
        tokens = server.authority.open("SSH1");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    static Stream<Arguments> rejections() {
        String token = "access-token: " + tokens.source();
        return Stream.of(
                Arguments.of("a path other than /tunnel", RawHttp.upgrade("/tunnel/x?local-proxy-mode=source",
                        token, V3), 404, "no such path '/tunnel/x'", RejectionReason.BAD_PATH),
                Arguments.of("an upgrade to another path", RawHttp.upgrade("/", token, V3), 404, "no such path '/'",
                        RejectionReason.BAD_PATH),
                Arguments.of("a method other than GET", "POST " + SOURCE + " HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 0\r\n\r\n", 405, "method 'POST' is not allowed", RejectionReason.BAD_METHOD),
                Arguments.of("more than 4 KiB of headers", RawHttp.upgrade(SOURCE, token, V3,
                        "x-padding: " + "p".repeat(4200)), 431, "upgrade request of ",
                        RejectionReason.HEADERS_TOO_LARGE),
                Arguments.of("more headers than the HTTP codec takes", RawHttp.upgrade(SOURCE, token, V3,
                        "x-padding: " + "p".repeat(9000)), 431, "upgrade request exceeds the limit of 4096 bytes",
                        RejectionReason.HEADERS_TOO_LARGE),
                Arguments.of("a plain GET", "GET " + SOURCE + " HTTP/1.1\r\nHost: x\r\n" + token + "\r\n\r\n", 400,
                        "not a WebSocket upgrade", RejectionReason.BAD_WEBSOCKET_HANDSHAKE),
                Arguments.of("WebSocket version 8", RawHttp.upgrade(SOURCE, token, V3).replace(
                        "Sec-WebSocket-Version: 13", "Sec-WebSocket-Version: 8"), 426,
                        "unsupported WebSocket version '8'", RejectionReason.BAD_WEBSOCKET_VERSION),
                Arguments.of("no local-proxy-mode", RawHttp.upgrade("/tunnel", token, V3), 400,
                        "missing query parameter local-proxy-mode", RejectionReason.BAD_MODE),
                Arguments.of("an invalid local-proxy-mode", RawHttp.upgrade("/tunnel?local-proxy-mode=sideways",
                        token, V3), 400, "invalid local-proxy-mode 'sideways'", RejectionReason.BAD_MODE),
                Arguments.of("no access token", RawHttp.upgrade(SOURCE, V3), 400, "missing access token",
                        RejectionReason.MISSING_TOKEN),
                Arguments.of("a token header and a token cookie", RawHttp.upgrade(SOURCE, token, V3,
                        "Cookie: awsiot-tunnel-token=" + tokens.source()), 400, "2 access tokens given",
                        RejectionReason.DUPLICATE_TOKEN),
                Arguments.of("two token headers", RawHttp.upgrade(SOURCE, token, token, V3), 400,
                        "2 access tokens given", RejectionReason.DUPLICATE_TOKEN),
                Arguments.of("a malformed client token", RawHttp.upgrade(SOURCE, token, V3,
                        "client-token: short"), 400, "malformed client-token", RejectionReason.BAD_CLIENT_TOKEN),
                Arguments.of("no supported sub-protocol", RawHttp.upgrade(SOURCE, token,
                        "Sec-WebSocket-Protocol: chat, aws.iot.securetunneling-4.0"), 400,
                        "no supported sub-protocol offered", RejectionReason.BAD_SUBPROTOCOL),
                Arguments.of("no sub-protocol at all", RawHttp.upgrade(SOURCE, token), 400,
                        "no supported sub-protocol offered", RejectionReason.BAD_SUBPROTOCOL),
                Arguments.of("an unknown token", RawHttp.upgrade(SOURCE, "access-token: nope", V3), 401,
                        "unknown access token", RejectionReason.UNKNOWN_TOKEN),
                Arguments.of("a token of the other side", RawHttp.upgrade(
                        "/tunnel?local-proxy-mode=destination", token, V3), 400,
                        "access token is for the source side", RejectionReason.MODE_MISMATCH));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejections")
    void aRefusedUpgradeGetsItsStatusAndAOneLineReason(String what, String request, int status, String reason,
            RejectionReason code) throws Exception {
        RawHttp.Response response = RawHttp.exchange(server.port, request);

        assertThat(response.status()).isEqualTo(status);
        assertThat(response.body()).startsWith(reason).endsWith("\n").containsOnlyOnce("\n");
        assertThat(response.header("connection")).isEqualToIgnoringCase("close");
        assertThat(response.body()).doesNotContain(tokens.source());
        assertThat(refused.poll(10, TimeUnit.SECONDS)).isEqualTo(new Refused(status, code));
        assertThat(refused).isEmpty();
    }

    @Test
    void aUsedTokenIsRefusedAndACookieTokenIsAccepted() throws Exception {
        Tokens fresh = server.authority.open("SSH1");
        String request = RawHttp.upgrade("/tunnel?local-proxy-mode=destination", V3,
                "Cookie: theme=dark; awsiot-tunnel-token=" + fresh.destination());

        RawHttp.Response first = RawHttp.head(server.port, request);
        RawHttp.Response second = RawHttp.exchange(server.port, request);

        assertThat(first.status()).isEqualTo(101);
        assertThat(first.header("sec-websocket-protocol")).isEqualTo("aws.iot.securetunneling-3.0");
        assertThat(first.header("channel-id")).hasSize(36);
        assertThat(second.status()).isEqualTo(401);
        assertThat(second.body()).isEqualTo("access token already used\n");
        assertThat(refused.poll(10, TimeUnit.SECONDS)).isEqualTo(new Refused(401, RejectionReason.TOKEN_REUSED));
    }

    @Test
    void aFailingStoreGets503() throws Exception {
        server.authority.failure = new IllegalStateException("database down");
        try {
            RawHttp.Response response = RawHttp.exchange(server.port,
                    RawHttp.upgrade(SOURCE, "access-token: whatever", V3));

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("tunnel store unavailable: retry later\n");
            assertThat(refused.poll(10, TimeUnit.SECONDS))
                    .isEqualTo(new Refused(503, RejectionReason.STORE_UNAVAILABLE));
        } finally {
            server.authority.failure = null;
        }
    }
}
