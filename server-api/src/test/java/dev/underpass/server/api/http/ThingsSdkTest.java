package dev.underpass.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.api.auth.AccessKeys;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.api.testing.SdkSigning;
import dev.underpass.server.api.things.RecordingDeviceEvents;
import dev.underpass.server.api.things.ThingsApi;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.JdbcThingStore;
import dev.underpass.server.store.JdbcTunnelStore;
import dev.underpass.server.store.StoreSettings;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateDescription;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;
import software.amazon.awssdk.services.iot.model.CreateThingResponse;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.InvalidRequestException;
import software.amazon.awssdk.services.iot.model.IotException;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.iot.model.ResourceNotFoundException;
import software.amazon.awssdk.services.iot.model.ThingAttribute;
import software.amazon.awssdk.services.iot.model.UpdateCertificateRequest;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/** The real AWS SDK {@code IotClient} against the registry's routes in a real Netty server over a real H2 store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThingsSdkTest {
    private static final String KEY_ID = "AKIAUNDERPASSTEST002";
    private static final String SECRET = "an0ther/s3cret+";
    private static final String ROOT_CA = "-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n";

    private JdbcTunnelStore store;
    private JdbcThingStore things;
    private DeviceCertificateAuthority deviceCa;
    private final RecordingDeviceEvents events = new RecordingDeviceEvents();
    private ApiTestServer server;
    private IotClient iot;

    @BeforeAll
    void start(@TempDir Path dataDir) throws InterruptedException {
        store = Database.open(StoreSettings.h2File(dataDir).withPoolSize(4));
        things = new JdbcThingStore(store.dataSource());
        deviceCa = DeviceCertificateAuthority.loadOrCreate(dataDir, Clock.systemUTC());
        ApiSettings settings = new ApiSettings("eu-central-1", "210987654321", 10, 25);
        ThingsApi thingsApi = new ThingsApi(things, deviceCa, settings, Clock.systemUTC(), events, () -> ROOT_CA);
        ControlApi api = new ControlApi(store, settings, Clock.systemUTC(), TunnelEvents.NONE, thingsApi.handlers());
        server = new ApiTestServer(api, new SigV4Verifier(AccessKeys.of(Map.of(KEY_ID, SECRET)), Clock.systemUTC()));
        iot = IotClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of("ap-nowhere-9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(20)))
                .build();
    }

    @AfterAll
    void stop() throws InterruptedException {
        iot.close();
        server.close();
        store.close();
    }

    @BeforeEach
    void forgetEvents() {
        events.events.clear();
    }

    @Test
    void aThingIsCreatedDescribedListedAndDeletedThroughTheSdk() {
        String name = unique("robot");
        CreateThingResponse created = iot.createThing(r -> r.thingName(name)
                .attributePayload(a -> a.attributes(Map.of("model", "x1", "site", "berlin"))));

        assertThat(created.thingArn()).isEqualTo("arn:aws:iot:eu-central-1:210987654321:thing/" + name);
        assertThat(created.thingId()).matches("[0-9a-f-]{36}");
        DescribeThingResponse described = iot.describeThing(r -> r.thingName(name));
        assertThat(described.thingName()).isEqualTo(name);
        assertThat(described.thingId()).isEqualTo(created.thingId());
        assertThat(described.defaultClientId()).isEqualTo(name);
        assertThat(described.attributes()).isEqualTo(Map.of("model", "x1", "site", "berlin"));
        assertThat(described.version()).isEqualTo(1L);
        assertThat(iot.createThing(r -> r.thingName(name)
                .attributePayload(a -> a.attributes(Map.of("site", "berlin", "model", "x1")))).thingId())
                .as("the same call again succeeds").isEqualTo(created.thingId());
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName(name)))
                .isInstanceOf(ResourceAlreadyExistsException.class);

        iot.deleteThing(r -> r.thingName(name));

        assertThatThrownBy(() -> iot.describeThing(r -> r.thingName(name)))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining(name);
        iot.deleteThing(r -> r.thingName(name)); // deleting again succeeds, as on AWS
        assertThat(events.events).containsExactly("deleted " + name);
    }

    @Test
    void thingsArePagedInNameOrder() {
        String prefix = unique("page");
        for (String suffix : List.of("-c", "-a", "-b")) {
            iot.createThing(r -> r.thingName(prefix + suffix));
        }
        List<String> seen = new java.util.ArrayList<>();
        String token = null;
        do {
            String next = token;
            ListThingsResponse page = iot.listThings(r -> r.maxResults(1).nextToken(next));
            assertThat(page.things()).hasSizeLessThanOrEqualTo(1);
            page.things().stream().map(ThingAttribute::thingName).filter(n -> n.startsWith(prefix)).forEach(seen::add);
            token = page.nextToken();
        } while (token != null);

        assertThat(seen).containsExactly(prefix + "-a", prefix + "-b", prefix + "-c");
        assertThatThrownBy(() -> iot.listThings(r -> r.nextToken("bogus"))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void aCertificateIsIssuedAttachedDeactivatedAndDroppedWithItsThing() throws Exception {
        String name = unique("device");
        iot.createThing(r -> r.thingName(name));

        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));

        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(keys.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        cert.verify(deviceCa.certificate().getPublicKey());
        assertThat(keys.certificateId()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(cert.getEncoded())));
        assertThat(keys.certificateArn())
                .isEqualTo("arn:aws:iot:eu-central-1:210987654321:cert/" + keys.certificateId());
        assertThat(keys.keyPair().privateKey()).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(keys.keyPair().publicKey()).startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(things.findCertificate(keys.certificateId()).orElseThrow().certificatePem())
                .isEqualTo(keys.certificatePem()).doesNotContain("PRIVATE");

        iot.attachThingPrincipal(r -> r.thingName(name).principal(keys.certificateArn()));

        assertThat(iot.listThingPrincipals(r -> r.thingName(name)).principals())
                .containsExactly(keys.certificateArn());
        assertThat(things.findCertificate(keys.certificateId()).orElseThrow().admits(name)).isTrue();
        CertificateDescription description = iot.describeCertificate(r -> r.certificateId(keys.certificateId()))
                .certificateDescription();
        assertThat(description.status()).isEqualTo(CertificateStatus.ACTIVE);
        assertThat(description.certificatePem()).isEqualTo(keys.certificatePem());
        assertThat(description.validity().notAfter()).isEqualTo(cert.getNotAfter().toInstant());
        assertThat(description.ownedBy()).isEqualTo("210987654321");

        iot.updateCertificate(UpdateCertificateRequest.builder().certificateId(keys.certificateId())
                .newStatus(CertificateStatus.INACTIVE).build());

        assertThat(iot.describeCertificate(r -> r.certificateId(keys.certificateId())).certificateDescription()
                .status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(things.findCertificate(keys.certificateId()).orElseThrow().admits(name)).isFalse();
        assertThat(events.events).containsExactly("deactivated " + keys.certificateId() + " " + name);

        iot.updateCertificate(r -> r.certificateId(keys.certificateId()).newStatus(CertificateStatus.ACTIVE));
        iot.deleteThing(r -> r.thingName(name));

        assertThat(things.findCertificate(keys.certificateId()).orElseThrow().admits(name)).isFalse();
        assertThat(iot.describeCertificate(r -> r.certificateId(keys.certificateId())).certificateDescription()
                .status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(events.events).endsWith("deactivated " + keys.certificateId() + " " + name, "deleted " + name);
        assertThat(iot.listCertificates(r -> r.pageSize(250)).certificates())
                .anySatisfy(c -> assertThat(c.certificateId()).isEqualTo(keys.certificateId()));
    }

    @Test
    void aCertificateServesOneThingAndDetachingEndsIt() {
        String first = unique("one");
        String second = unique("two");
        iot.createThing(r -> r.thingName(first));
        iot.createThing(r -> r.thingName(second));
        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> r.setAsActive(true));
        iot.attachThingPrincipal(r -> r.thingName(first).principal(keys.certificateArn()));

        assertThatThrownBy(() -> iot.attachThingPrincipal(r -> r.thingName(second).principal(keys.certificateArn())))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining(first);

        iot.detachThingPrincipal(r -> r.thingName(first).principal(keys.certificateArn()));

        assertThat(events.events).containsExactly("detached " + keys.certificateId() + " " + first);
        assertThat(iot.listThingPrincipals(r -> r.thingName(first)).principals()).isEmpty();
        iot.attachThingPrincipal(r -> r.thingName(second).principal(keys.certificateArn()));
        assertThat(things.findCertificate(keys.certificateId()).orElseThrow().admits(second)).isTrue();
    }

    @Test
    void certificatesAreInactiveUnlessAskedOtherwiseAsOnAws() {
        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(r -> { });

        assertThat(iot.describeCertificate(r -> r.certificateId(keys.certificateId())).certificateDescription()
                .status()).isEqualTo(CertificateStatus.INACTIVE);
    }

    @Test
    void badRequestsGetAwsIotErrorNames() {
        String name = unique("bad");
        iot.createThing(r -> r.thingName(name));

        assertThatThrownBy(() -> iot.createThing(r -> r.thingName("has space")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("has space");
        assertThatThrownBy(() -> iot.attachThingPrincipal(r -> r.thingName(name).principal("arn:aws:iam::1:user/x")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("certificate ARN");
        assertThatThrownBy(() -> iot.attachThingPrincipal(r -> r.thingName(name)
                .principal("arn:aws:iot:eu-central-1:210987654321:cert/" + "ab".repeat(32))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.describeCertificate(r -> r.certificateId("cd".repeat(32))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.listThingPrincipals(r -> r.thingName(unique("ghost"))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> iot.updateCertificate(r -> r.certificateId("ef".repeat(32))
                .newStatus(CertificateStatus.REVOKED))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> iot.createThing(r -> r.thingName(unique("typed")).thingTypeName("sensor")))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("thing types");
    }

    @Test
    void registryRoutesWantTheIotSigningNameAndTunnelRoutesTheirOwn() throws Exception {
        HttpResponse<String> tunnelSigned = signedGet("/things", "IoTSecuredTunneling");
        HttpResponse<String> iotSigned = signedGet("/tunnels", "iot");

        assertThat(tunnelSigned.statusCode()).isEqualTo(403);
        assertThat(tunnelSigned.body()).contains("InvalidSignatureException").contains("'iot'");
        assertThat(iotSigned.statusCode()).isEqualTo(403);
        assertThat(iotSigned.body()).contains("'IoTSecuredTunneling'");
        assertThat(signedGet("/things", "iot").statusCode()).isEqualTo(200);
        try (IoTSecureTunnelingClient tunnels = IoTSecureTunnelingClient.builder()
                .endpointOverride(server.endpoint()).region(Region.of("ap-nowhere-9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, SECRET)))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(tunnels.listTunnels(r -> { }).tunnelSummaries()).isNotNull();
        }
        assertThatThrownBy(() -> unsignedIot().listThings(r -> { })).isInstanceOf(IotException.class)
                .satisfies(e -> assertThat(((IotException) e).statusCode()).isEqualTo(403));
    }

    @Test
    void theRootCaIsHandedOutToSignedCallersOnly() throws Exception {
        HttpResponse<String> response = signedGet("/root-ca", "iot");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(body.get("rootCaPem").asText()).isEqualTo(ROOT_CA);
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/root-ca")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(unsigned.statusCode()).isEqualTo(403);
    }

    private IotClient unsignedIot() {
        return IotClient.builder().endpointOverride(server.endpoint()).region(Region.of("ap-nowhere-9"))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY_ID, "wrong")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    private HttpResponse<String> signedGet(String path, String signingName) throws Exception {
        URI uri = server.endpoint().resolve(path);
        SdkHttpRequest signed = SdkSigning.sign("GET", uri, Map.of(), new byte[0], KEY_ID, SECRET, "us-east-1",
                Clock.systemUTC(), signingName);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        signed.headers().forEach((header, values) -> {
            if (!header.equalsIgnoreCase("host")) {
                values.forEach(v -> request.header(header, v));
            }
        });
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
