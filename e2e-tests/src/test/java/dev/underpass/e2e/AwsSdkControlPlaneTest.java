package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.TunnelingClients;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.ClientMode;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.IoTSecureTunnelingException;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tag;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tunnel;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelSummary;

/**
 * The real AWS SDK for Java v2 client, configured as a user would (endpoint override, the server's generated
 * credentials file, its generated CA as the only trust), against the TLS server.
 */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AwsSdkControlPlaneTest {
    private static final String ARN_PREFIX = "arn:aws:iot:us-east-1:000000000000:tunnel/";

    @TempDir
    static Path dataDir;
    static TestServer server;
    static IoTSecureTunnelingClient api;

    @BeforeAll
    static void startServer() {
        server = TestServer.start(dataDir);
        api = server.api();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void openDescribeListTagRotateAndCloseAllWorkThroughTheSdk() {
        String thing = "sdk-thing-" + UUID.randomUUID();
        Instant before = Instant.now().minusSeconds(1);
        OpenTunnelResponse older = api.openTunnel(r -> r.destinationConfig(d -> d.thingName(thing).services("SSH")));
        OpenTunnelResponse opened = api.openTunnel(r -> r
                .description("operator laptop to edge box")
                .tags(Tag.builder().key("team").value("edge").build())
                .destinationConfig(d -> d.thingName(thing).services("SSH", "HTTP"))
                .timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(60)));

        assertThat(opened.tunnelId()).matches("[0-9a-f-]{36}");
        assertThat(opened.tunnelArn()).isEqualTo(ARN_PREFIX + opened.tunnelId());
        assertThat(opened.sourceAccessToken()).isNotBlank();
        assertThat(opened.destinationAccessToken()).isNotBlank().isNotEqualTo(opened.sourceAccessToken());

        Tunnel tunnel = api.describeTunnel(r -> r.tunnelId(opened.tunnelId())).tunnel();
        assertThat(tunnel.tunnelId()).isEqualTo(opened.tunnelId());
        assertThat(tunnel.tunnelArn()).isEqualTo(opened.tunnelArn());
        assertThat(tunnel.status()).isEqualTo(TunnelStatus.OPEN);
        assertThat(tunnel.description()).isEqualTo("operator laptop to edge box");
        assertThat(tunnel.destinationConfig().thingName()).isEqualTo(thing);
        assertThat(tunnel.destinationConfig().services()).containsExactly("SSH", "HTTP");
        assertThat(tunnel.timeoutConfig().maxLifetimeTimeoutMinutes()).isEqualTo(60);
        assertThat(tunnel.tags()).containsExactly(Tag.builder().key("team").value("edge").build());
        assertThat(tunnel.sourceConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(tunnel.destinationConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(tunnel.createdAt()).isAfter(before);
        assertThat(tunnel.lastUpdatedAt()).isAfterOrEqualTo(tunnel.createdAt());

        ListTunnelsResponse all = api.listTunnels(r -> r.thingName(thing));
        assertThat(all.tunnelSummaries()).extracting(TunnelSummary::tunnelId)
                .as("newest first")
                .containsExactly(opened.tunnelId(), older.tunnelId());
        ListTunnelsResponse firstPage = api.listTunnels(r -> r.thingName(thing).maxResults(1));
        assertThat(firstPage.tunnelSummaries()).extracting(TunnelSummary::tunnelId).containsExactly(opened.tunnelId());
        assertThat(firstPage.nextToken()).isNotBlank();
        ListTunnelsResponse secondPage = api.listTunnels(r -> r.thingName(thing).maxResults(1)
                .nextToken(firstPage.nextToken()));
        assertThat(secondPage.tunnelSummaries()).extracting(TunnelSummary::tunnelId).containsExactly(older.tunnelId());
        assertThat(secondPage.nextToken()).isNull();

        api.tagResource(r -> r.resourceArn(opened.tunnelArn()).tags(Tag.builder().key("owner").value("ops").build()));
        assertThat(api.listTagsForResource(r -> r.resourceArn(opened.tunnelArn())).tags())
                .containsExactlyInAnyOrder(Tag.builder().key("team").value("edge").build(),
                        Tag.builder().key("owner").value("ops").build());
        api.untagResource(r -> r.resourceArn(opened.tunnelArn()).tagKeys("team"));
        assertThat(api.listTagsForResource(r -> r.resourceArn(opened.tunnelArn())).tags())
                .containsExactly(Tag.builder().key("owner").value("ops").build());

        RotateTunnelAccessTokenResponse rotatedSource = api.rotateTunnelAccessToken(r -> r
                .tunnelId(opened.tunnelId()).clientMode(ClientMode.SOURCE));
        assertThat(rotatedSource.tunnelArn()).isEqualTo(opened.tunnelArn());
        assertThat(rotatedSource.sourceAccessToken()).isNotBlank().isNotEqualTo(opened.sourceAccessToken());
        assertThat(rotatedSource.destinationAccessToken()).as("only the rotated side's token").isNull();
        RotateTunnelAccessTokenResponse rotatedBoth = api.rotateTunnelAccessToken(r -> r
                .tunnelId(opened.tunnelId()).clientMode(ClientMode.ALL));
        assertThat(rotatedBoth.sourceAccessToken()).isNotBlank().isNotEqualTo(rotatedSource.sourceAccessToken());
        assertThat(rotatedBoth.destinationAccessToken()).isNotBlank().isNotEqualTo(opened.destinationAccessToken());

        api.closeTunnel(r -> r.tunnelId(opened.tunnelId()));
        DescribeTunnelResponse closed = api.describeTunnel(r -> r.tunnelId(opened.tunnelId()));
        assertThat(closed.tunnel().status()).isEqualTo(TunnelStatus.CLOSED);
        assertThat(api.listTunnels(r -> r.thingName(thing)).tunnelSummaries())
                .filteredOn(s -> s.tunnelId().equals(opened.tunnelId()))
                .extracting(TunnelSummary::status).containsExactly(TunnelStatus.CLOSED);

        api.closeTunnel(r -> r.tunnelId(older.tunnelId()).delete(true));
        assertThatThrownBy(() -> api.describeTunnel(r -> r.tunnelId(older.tunnelId())))
                .as("a tunnel closed with delete=true is gone at once")
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anUnknownTunnelSurfacesAsTheSdksResourceNotFoundException() {
        String unknown = UUID.randomUUID().toString();
        assertThatThrownBy(() -> api.describeTunnel(r -> r.tunnelId(unknown)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFoundException");
                    assertThat(e.getMessage()).contains(unknown);
                    assertThat(e.requestId()).isNotBlank();
                });
        assertThatThrownBy(() -> api.closeTunnel(r -> r.tunnelId(unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.rotateTunnelAccessToken(r -> r.tunnelId(unknown).clientMode(ClientMode.ALL)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> api.listTagsForResource(r -> r.resourceArn(ARN_PREFIX + unknown)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void invalidInputSurfacesAsValidationExceptionNamingTheFieldAndValue() {
        assertValidationError(() -> api.openTunnel(r -> r.timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(721))),
                "721");
        assertValidationError(() -> api.openTunnel(r -> r.destinationConfig(d -> d.services("no spaces allowed"))),
                "no spaces allowed");
        assertValidationError(() -> api.openTunnel(r -> r.destinationConfig(d -> d.thingName("t").services(List.of()))),
                "services");
        assertValidationError(() -> api.listTunnels(r -> r.maxResults(101)), "101");
        assertValidationError(() -> api.describeTunnel(r -> r.tunnelId("bad/id")), "bad/id");
        OpenTunnelResponse opened = api.openTunnel(r -> r.description("rotation target"));
        assertValidationError(() -> api.rotateTunnelAccessToken(r -> r.tunnelId(opened.tunnelId())
                .clientMode(ClientMode.SOURCE).destinationConfig(d -> d.services("SSH"))), "destinationConfig");
    }

    private static void assertValidationError(Runnable call, String mentioned) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains(mentioned);
                });
    }

    @Test
    void aWrongSecretIsRejectedAsAnInvalidSignature() {
        ProfileFile profiles = ProfileFile.builder().content(server.credentialsFile())
                .type(ProfileFile.Type.CREDENTIALS).build();
        int tunnelsBefore = api.listTunnels(r -> r.maxResults(100)).tunnelSummaries().size();
        String keyId = ProfileCredentialsProvider.builder().profileFile(profiles).profileName("default").build()
                .resolveCredentials().accessKeyId();
        try (IoTSecureTunnelingClient wrongSecret = TunnelingClients.create(server.endpoint(), server.caFile(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "not-the-secret")));
             IoTSecureTunnelingClient unknownKey = TunnelingClients.create(server.endpoint(), server.caFile(),
                     StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAUNKNOWNKEY000000", "x")))) {
            assertThatThrownBy(() -> wrongSecret.listTunnels(r -> { }))
                    .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
            assertThatThrownBy(() -> unknownKey.openTunnel(r -> { }))
                    .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                    });
        }
        assertThat(api.listTunnels(r -> r.maxResults(100)).tunnelSummaries())
                .as("the rejected OpenTunnel opened nothing")
                .hasSize(tunnelsBefore);
    }
}
