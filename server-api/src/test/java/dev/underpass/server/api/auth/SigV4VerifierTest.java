package dev.underpass.server.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.api.testing.SdkSigning;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;

class SigV4VerifierTest {
    private static final String KEY_ID = "AKIDEXAMPLE00000001";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final byte[] BODY = "{\"tunnelId\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(AccessKeys.of(Map.of(KEY_ID, SECRET)), CLOCK);

    @Test
    void aJsonRequestSignedByTheSdkSignerIsAcceptedAndItsKeyIdReturned() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);

        assertThat(verifier.verify(request)).isEqualTo(KEY_ID);
    }

    @Test
    void anyRegionInTheCredentialScopeIsAccepted() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK, "xx-nowhere-7");

        assertThat(verifier.verify(request)).isEqualTo(KEY_ID);
    }

    @Test
    void aRestRequestWithAnEncodedPathAndAnUnsortedQueryIsAccepted() {
        SigV4Request request = signed("GET",
                "http://localhost:9000/tunnels/a%2Bb%3Dc%3Ad?thingName=th%C3%A9ng%20x&maxResults=5&a=%2F", new byte[0],
                SECRET, CLOCK);

        assertThat(verifier.verify(request)).isEqualTo(KEY_ID);
    }

    @Test
    void aChangedBodyIsRejectedAsAnInvalidSignature() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);
        SigV4Request tampered = new SigV4Request(request.method(), request.rawUri(), request.headers(),
                "{\"tunnelId\":\"abd\"}".getBytes(StandardCharsets.UTF_8));

        assertRejected(tampered, ErrorType.INVALID_SIGNATURE, "'x-amz-content-sha256' header does not match");
    }

    @Test
    void aChangedBodyWithAMatchingContentHashFailsTheSignature() throws Exception {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);
        byte[] otherBody = "{\"tunnelId\":\"abd\"}".getBytes(StandardCharsets.UTF_8);
        String otherHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(otherBody));
        SigV4Request swapped = withHeader(request, "x-amz-content-sha256", otherHash);

        assertRejected(new SigV4Request("POST", "/", swapped.headers(), otherBody), ErrorType.INVALID_SIGNATURE,
                "does not match the signature you provided");
    }

    @Test
    void theSdkSignerDeclaresThePayloadHashWhichIsThenChecked() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);

        assertThat(request.header("x-amz-content-sha256")).hasSize(64);
        assertThat(request.header("authorization")).contains("x-amz-content-sha256");
    }

    @Test
    void aChangedSignedHeaderIsRejected() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);

        assertRejected(withHeader(request, "x-amz-target", "IoTSecuredTunneling.CloseTunnel"),
                ErrorType.INVALID_SIGNATURE, "does not match");
    }

    @Test
    void aChangedQueryIsRejected() {
        SigV4Request request = signed("GET", "http://127.0.0.1:8443/tunnels?maxResults=5", new byte[0], SECRET, CLOCK);
        SigV4Request tampered = new SigV4Request("GET", "/tunnels?maxResults=50", request.headers(), new byte[0]);

        assertRejected(tampered, ErrorType.INVALID_SIGNATURE, "does not match");
    }

    @Test
    void aChangedMethodIsRejected() {
        SigV4Request request = signed("GET", "http://127.0.0.1:8443/tunnels/abc", new byte[0], SECRET, CLOCK);
        SigV4Request tampered = new SigV4Request("DELETE", request.rawUri(), request.headers(), new byte[0]);

        assertRejected(tampered, ErrorType.INVALID_SIGNATURE, "does not match");
    }

    @Test
    void aRequestSignedWithTheWrongSecretIsRejectedWithoutRevealingEitherSignature() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, "not-the-secret", CLOCK);
        String provided = request.header("authorization").replaceAll(".*Signature=", "");

        assertThatThrownBy(() -> verifier.verify(request))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.INVALID_SIGNATURE);
                    assertThat(e.getMessage()).doesNotContain(provided).doesNotContain(SECRET)
                            .doesNotContainPattern("[0-9a-f]{64}");
                });
    }

    @Test
    void anUnknownAccessKeyIdIsAnUnrecognizedClient() {
        SigV4Verifier noKeys = new SigV4Verifier(AccessKeys.of(Map.of()), CLOCK);

        assertThatThrownBy(() -> noKeys.verify(signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.UNRECOGNIZED_CLIENT);
                    assertThat(e.getMessage()).contains(KEY_ID);
                });
    }

    @Test
    void aRequestSignedSixteenMinutesAgoHasAnExpiredSignature() {
        Clock then = Clock.fixed(NOW.minus(Duration.ofMinutes(16)), ZoneOffset.UTC);

        assertRejected(signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, then), ErrorType.INVALID_SIGNATURE,
                "Signature expired: 20250301T114400Z is now earlier than 20250301T114500Z (20250301T120000Z - 15 min.)");
    }

    @Test
    void aRequestSignedSixteenMinutesAheadIsNotYetCurrent() {
        Clock ahead = Clock.fixed(NOW.plus(Duration.ofMinutes(16)), ZoneOffset.UTC);

        assertRejected(signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, ahead), ErrorType.INVALID_SIGNATURE,
                "Signature not yet current");
    }

    @Test
    void aRequestSignedFourteenMinutesAgoIsStillAccepted() {
        Clock then = Clock.fixed(NOW.minus(Duration.ofMinutes(14)), ZoneOffset.UTC);

        assertThat(verifier.verify(signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, then))).isEqualTo(KEY_ID);
    }

    @Test
    void aRequestWithoutAuthorizationIsMissingTheAuthenticationToken() {
        SigV4Request unsigned = new SigV4Request("POST", "/", Map.of("Host", List.of("localhost")), BODY);

        assertRejected(unsigned, ErrorType.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token");
    }

    @Test
    void anAuthorizationHeaderWithoutSignatureIsIncomplete() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);
        String header = request.header("authorization").replaceAll(", ?Signature=[0-9a-f]+", "");

        assertRejected(withHeader(request, "authorization", header), ErrorType.INCOMPLETE_SIGNATURE,
                "requires 'Signature' parameter");
    }

    @Test
    void aCredentialScopedToAnotherServiceIsRejected() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);
        String header = request.header("authorization").replace("/IoTSecuredTunneling/", "/s3/");

        assertRejected(withHeader(request, "authorization", header), ErrorType.INVALID_SIGNATURE,
                "Credential should be scoped to correct service: 'IoTSecuredTunneling', not 's3'");
    }

    @Test
    void theServiceNameIsMatchedWithoutRegardToCase() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK, "us-east-1",
                "iotsecuredtunneling");

        assertThat(verifier.verify(request)).isEqualTo(KEY_ID);
    }

    @Test
    void aContentHashHeaderThatDoesNotMatchTheBodyIsRejected() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);

        assertRejected(withHeader(request, "x-amz-content-sha256", "UNSIGNED-PAYLOAD"), ErrorType.INVALID_SIGNATURE,
                "x-amz-content-sha256");
    }

    @Test
    void aDateScopeThatDisagreesWithXAmzDateIsRejected() {
        SigV4Request request = signed("POST", "http://127.0.0.1:8443/", BODY, SECRET, CLOCK);
        String header = request.header("authorization").replace("/20250301/", "/20250302/");

        assertRejected(withHeader(request, "authorization", header), ErrorType.INVALID_SIGNATURE,
                "Date in Credential scope does not match");
    }

    private void assertRejected(SigV4Request request, ErrorType type, String messagePart) {
        assertThatThrownBy(() -> verifier.verify(request))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(type);
                    assertThat(e.getMessage()).contains(messagePart);
                });
    }

    private static SigV4Request signed(String method, String uri, byte[] body, String secret, Clock clock) {
        return signed(method, uri, body, secret, clock, "us-east-1");
    }

    private static SigV4Request signed(String method, String uri, byte[] body, String secret, Clock clock,
                                       String region) {
        return signed(method, uri, body, secret, clock, region, SdkSigning.SIGNING_NAME);
    }

    private static SigV4Request signed(String method, String uri, byte[] body, String secret, Clock clock,
                                       String region, String signingName) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("X-Amz-Target", "IoTSecuredTunneling.DescribeTunnel");
        SdkHttpRequest sdk = SdkSigning.sign(method, URI.create(uri), headers, body, KEY_ID, secret, region, clock,
                signingName);
        return toVerifierRequest(sdk, body);
    }

    /** The request as it arrives: the target exactly as the SDK puts it on the wire. */
    static SigV4Request toVerifierRequest(SdkHttpRequest sdk, byte[] body) {
        URI uri = sdk.getUri();
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, List<String>> headers = new HashMap<>(sdk.headers());
        if (sdk.firstMatchingHeader("Host").isEmpty()) {
            headers.put("Host", List.of(uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort()));
        }
        return new SigV4Request(sdk.method().name(), target, headers, body);
    }

    private static SigV4Request withHeader(SigV4Request request, String name, String value) {
        Map<String, List<String>> headers = new HashMap<>(request.headers());
        headers.put(name, List.of(value));
        return new SigV4Request(request.method(), request.rawUri(), headers, request.body());
    }
}
