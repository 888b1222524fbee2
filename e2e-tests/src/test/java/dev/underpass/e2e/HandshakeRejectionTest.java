package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.RawTunnelClient;
import dev.underpass.e2e.support.RawUpgrade;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * Bad WebSocket upgrades, written byte by byte over TLS: each gets a 4xx with a one-line reason, and none of them
 * uses up the tunnel's token.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeRejectionTest {
    private static final String SOURCE_TARGET = Handshake.PATH + "?" + Handshake.MODE_PARAMETER + "=source";

    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUpgradeWithoutATokenIsRefusedWithAReason() throws Exception {
        RawUpgrade.Response response = send(SOURCE_TARGET, Map.of());

        assertRejected(response);
        assertThat(response.body()).containsIgnoringCase("token");
    }

    @Test
    void anUpgradeWithAWrongModeIsRefusedAndDoesNotUseUpTheToken() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();
        RawUpgrade.Response response = send(Handshake.PATH + "?" + Handshake.MODE_PARAMETER + "=sideways",
                Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken()));

        assertRejected(response);
        assertThat(response.body()).containsIgnoringCase("mode");
        assertTokenStillWorks(Mode.SOURCE, tunnel.sourceAccessToken());
    }

    @Test
    void anUpgradeWithoutAModeIsRefused() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        assertRejected(send(Handshake.PATH, Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken())));
    }

    @Test
    void anUpgradeWithAMalformedPercentEscapeIsRefusedAndDoesNotUseUpTheToken() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();
        // found by HandshakeValidatorFuzzTest: once an uncaught IllegalArgumentException, now a 400 with a reason
        for (String target : new String[] {Handshake.PATH + "?" + Handshake.MODE_PARAMETER + "=%zz",
                Handshake.PATH + "%zz?" + Handshake.MODE_PARAMETER + "=source"}) {
            RawUpgrade.Response response = send(target,
                    Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken()));

            assertRejected(response);
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("%-escape");
        }
        assertTokenStillWorks(Mode.SOURCE, tunnel.sourceAccessToken());
    }

    @Test
    void anUpgradeWithAnUnknownTokenIsRefused() throws Exception {
        assertRejected(send(SOURCE_TARGET, Map.of(Handshake.ACCESS_TOKEN_HEADER,
                "AQGAAXiV" + UUID.randomUUID().toString().replace("-", "") + "unknown")));
    }

    @Test
    void anUpgradeWithTheOtherSidesTokenIsRefusedAndDoesNotUseItUp() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        assertRejected(send(SOURCE_TARGET, Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.destinationAccessToken())));
        assertTokenStillWorks(Mode.DESTINATION, tunnel.destinationAccessToken());
    }

    @Test
    void anUpgradeWithTwoTokensIsRefused() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        assertRejected(send(SOURCE_TARGET, Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken(),
                "Cookie", Handshake.ACCESS_TOKEN_COOKIE + "=" + tunnel.sourceAccessToken())));
    }

    @Test
    void anUpgradeWithTheTokenInTheBrowserCookieIsAccepted() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        RawUpgrade.Response response = send(SOURCE_TARGET,
                Map.of("Cookie", Handshake.ACCESS_TOKEN_COOKIE + "=" + tunnel.sourceAccessToken()));

        assertThat(response.status()).as(response.toString()).isEqualTo(101);
        assertThat(response.headers().get("sec-websocket-protocol")).isEqualTo(SubProtocol.V3.headerValue());
        assertThat(response.headers().get(Handshake.CHANNEL_ID_HEADER)).isNotBlank();
    }

    @Test
    void anUpgradeOfMoreThanFourKibibytesOfHeadersIsRefused() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        RawUpgrade.Response response = send(SOURCE_TARGET, Map.of(
                Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken(),
                "X-Padding", "p".repeat(4200)));

        assertRejected(response);
        assertTokenStillWorks(Mode.SOURCE, tunnel.sourceAccessToken());
    }

    @Test
    void anUpgradeOnAnotherPathIsRefused() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();

        assertRejected(send("/tunnels?" + Handshake.MODE_PARAMETER + "=source",
                Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken())));
    }

    @Test
    void anUpgradeForAClosedTunnelIsRefused() throws Exception {
        OpenTunnelResponse tunnel = openTunnel();
        server.api().closeTunnel(r -> r.tunnelId(tunnel.tunnelId()));

        assertRejected(send(SOURCE_TARGET, Map.of(Handshake.ACCESS_TOKEN_HEADER, tunnel.sourceAccessToken())));
    }

    private static OpenTunnelResponse openTunnel() {
        return server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
    }

    private static RawUpgrade.Response send(String target, Map<String, String> headers) throws Exception {
        return RawUpgrade.send(server.endpoint(), server.ssl(), RawUpgrade.request(server.endpoint(), target,
                headers));
    }

    private static void assertRejected(RawUpgrade.Response response) {
        assertThat(response.status()).as(response.toString()).isBetween(400, 499);
        assertThat(response.body().strip()).as("a one-line reason").isNotBlank().doesNotContain("\n");
    }

    private static void assertTokenStillWorks(Mode mode, String token) {
        try (RawTunnelClient client = RawTunnelClient.connect(server.endpoint(), server.ssl(), mode, token, null,
                SubProtocol.V3)) {
            client.awaitMessage("SERVICE_IDS", m -> m.getType() == Message.Type.SERVICE_IDS);
        }
    }
}
