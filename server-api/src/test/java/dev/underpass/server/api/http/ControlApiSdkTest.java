package dev.underpass.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.api.auth.AccessKeys;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.StoreSettings;
import dev.underpass.server.store.TunnelStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.ClientMode;
import software.amazon.awssdk.services.iotsecuretunneling.model.ConnectionStatus;
import software.amazon.awssdk.services.iotsecuretunneling.model.DescribeTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.IoTSecureTunnelingException;
import software.amazon.awssdk.services.iotsecuretunneling.model.LimitExceededException;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iotsecuretunneling.model.RotateTunnelAccessTokenResponse;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tag;
import software.amazon.awssdk.services.iotsecuretunneling.model.TunnelStatus;

/** The real AWS SDK client against the handler in a real Netty server over a real H2 store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlApiSdkTest {
    private static final String KEY_ID = "AKIAUNDERPASSTEST001";
    private static final String SECRET = "s3cr3t/with+chars=";

    private TunnelStore store;
    private ApiTestServer server;
    private IoTSecureTunnelingClient client;

    @BeforeAll
    void start(@TempDir Path dataDir) throws InterruptedException {
        store = Database.open(StoreSettings.h2File(dataDir).withPoolSize(4));
        ControlApi api = new ControlApi(store, new ApiSettings("eu-central-1", "210987654321", 10, 25),
                Clock.systemUTC(), TunnelEvents.NONE);
        server = new ApiTestServer(api, new SigV4Verifier(AccessKeys.of(Map.of(KEY_ID, SECRET)), Clock.systemUTC()));
        client = client(KEY_ID, SECRET);
    }

    @AfterAll
    void stop() throws InterruptedException {
        client.close();
        server.close();
        store.close();
    }

    @Test
    void allEightOperationsWorkThroughTheAwsSdk() {
        Instant before = Instant.now().minusSeconds(1);
        OpenTunnelResponse opened = client.openTunnel(r -> r.description("sdk test")
                .tags(Tag.builder().key("team").value("ops").build())
                .destinationConfig(d -> d.thingName("sdk-thing").services("SSH1", "VNC"))
                .timeoutConfig(t -> t.maxLifetimeTimeoutMinutes(60)));
        String id = opened.tunnelId();
        assertThat(opened.tunnelArn()).isEqualTo("arn:aws:iot:eu-central-1:210987654321:tunnel/" + id);
        assertThat(opened.sourceAccessToken()).isNotBlank().isNotEqualTo(opened.destinationAccessToken());
        assertThat(opened.responseMetadata().requestId()).matches("[0-9a-f-]{36}");

        DescribeTunnelResponse described = client.describeTunnel(r -> r.tunnelId(id));
        var tunnel = described.tunnel();
        assertThat(tunnel.status()).isEqualTo(TunnelStatus.OPEN);
        assertThat(tunnel.description()).isEqualTo("sdk test");
        assertThat(tunnel.destinationConfig().thingName()).isEqualTo("sdk-thing");
        assertThat(tunnel.destinationConfig().services()).containsExactly("SSH1", "VNC");
        assertThat(tunnel.timeoutConfig().maxLifetimeTimeoutMinutes()).isEqualTo(60);
        assertThat(tunnel.tags()).containsExactly(Tag.builder().key("team").value("ops").build());
        assertThat(tunnel.sourceConnectionState().status()).isEqualTo(ConnectionStatus.DISCONNECTED);
        assertThat(tunnel.destinationConnectionState().lastUpdatedAt()).isEqualTo(tunnel.createdAt());
        assertThat(tunnel.createdAt()).isBetween(before, Instant.now().plusSeconds(1));

        ListTunnelsResponse listed = client.listTunnels(r -> r.thingName("sdk-thing").maxResults(10));
        assertThat(listed.tunnelSummaries()).anySatisfy(s -> {
            assertThat(s.tunnelId()).isEqualTo(id);
            assertThat(s.status()).isEqualTo(TunnelStatus.OPEN);
            assertThat(s.description()).isEqualTo("sdk test");
        });

        RotateTunnelAccessTokenResponse rotated = client.rotateTunnelAccessToken(r -> r.tunnelId(id)
                .clientMode(ClientMode.ALL).destinationConfig(d -> d.thingName("sdk-thing").services("SSH1")));
        assertThat(rotated.tunnelArn()).isEqualTo(opened.tunnelArn());
        assertThat(rotated.sourceAccessToken()).isNotBlank().isNotEqualTo(opened.sourceAccessToken());
        assertThat(rotated.destinationAccessToken()).isNotBlank().isNotEqualTo(opened.destinationAccessToken());

        client.tagResource(r -> r.resourceArn(opened.tunnelArn()).tags(Tag.builder().key("env").value("lab").build()));
        assertThat(client.listTagsForResource(r -> r.resourceArn(opened.tunnelArn())).tags()).extracting(Tag::key)
                .containsExactly("team", "env");
        client.untagResource(r -> r.resourceArn(opened.tunnelArn()).tagKeys("team"));
        assertThat(client.listTagsForResource(r -> r.resourceArn(opened.tunnelArn())).tags()).extracting(Tag::key)
                .containsExactly("env");

        client.closeTunnel(r -> r.tunnelId(id));
        assertThat(client.describeTunnel(r -> r.tunnelId(id)).tunnel().status()).isEqualTo(TunnelStatus.CLOSED);
        client.closeTunnel(r -> r.tunnelId(id));
        client.closeTunnel(r -> r.tunnelId(id).delete(true));
        assertThatThrownBy(() -> client.describeTunnel(r -> r.tunnelId(id))).isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void anUnknownTunnelIdIsAResourceNotFoundException() {
        String unknown = UUID.randomUUID().toString();

        assertThatThrownBy(() -> client.describeTunnel(r -> r.tunnelId(unknown)))
                .isInstanceOfSatisfying(ResourceNotFoundException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).contains(unknown);
                    assertThat(e.requestId()).matches("[0-9a-f-]{36}");
                });
    }

    @Test
    void invalidInputIsAValidationExceptionNamingTheMember() {
        assertThatThrownBy(() -> client.openTunnel(r -> r.destinationConfig(d -> d.thingName("a b").services("ssh"))))
                .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: Value 'a b' at"
                            + " 'destinationConfig.thingName' failed to satisfy constraint: Member must satisfy regular"
                            + " expression pattern: [a-zA-Z0-9:_-]+");
                });
    }

    @Test
    void tooManyOpenTunnelsIsTheModeledLimitExceededException() {
        long open = store.countOpen();
        for (long i = open; i < 25; i++) {
            client.openTunnel(r -> r.description("filler"));
        }

        try {
            assertThatThrownBy(() -> client.openTunnel(r -> r.description("one too many")))
                    .isInstanceOf(LimitExceededException.class);
        } finally {
            client.listTunnels(r -> r.maxResults(100)).tunnelSummaries().stream()
                    .filter(s -> "filler".equals(s.description()))
                    .forEach(s -> client.closeTunnel(r -> r.tunnelId(s.tunnelId()).delete(true)));
        }
    }

    @Test
    void aWrongSecretKeyIsRejectedAsAnInvalidSignature() {
        try (IoTSecureTunnelingClient wrong = client(KEY_ID, "not-the-secret")) {
            assertThatThrownBy(() -> wrong.listTunnels(r -> r.maxResults(1)))
                    .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                        assertThat(e.statusCode()).isEqualTo(403);
                    });
        }
    }

    @Test
    void anUnknownAccessKeyIsAnUnrecognizedClient() {
        try (IoTSecureTunnelingClient stranger = client("AKIAUNKNOWN000000000", SECRET)) {
            assertThatThrownBy(() -> stranger.listTunnels(r -> r.maxResults(1)))
                    .isInstanceOfSatisfying(IoTSecureTunnelingException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("UnrecognizedClientException");
                        assertThat(e.statusCode()).isEqualTo(403);
                    });
        }
    }

    private IoTSecureTunnelingClient client(String keyId, String secret) {
        URI endpoint = server.endpoint();
        return IoTSecureTunnelingClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of("ap-nowhere-9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }
}
