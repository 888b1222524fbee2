package dev.underpass.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** The bench's own SigV4 must write exactly what the AWS SDK's signer writes for the same request and instant. */
class SigV4SignerTest {
    private static final String KEY_ID = "AKIDEXAMPLE";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @Test
    void signsOpenTunnelLikeTheSdkOnEveryDayAndSecond() {
        SigV4Signer own = new SigV4Signer(KEY_ID, SECRET, "us-east-1", "IoTSecuredTunneling");
        // Two instants of one day, then the next day: the cached day key must follow the date.
        for (Instant at : new Instant[] {Instant.parse("2026-11-29T13:59:58Z"), Instant.parse("2026-11-29T23:59:59Z"),
                Instant.parse("2026-11-30T00:00:01Z")}) {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", "application/x-amz-json-1.1");
            headers.put("Host", "127.0.0.1:8443");
            headers.put("X-Amz-Target", RawOpenTunnel.TARGET);
            // The SDK's signer alone (as RawOpenTunnel uses it) signs the payload hash header as well.
            headers.put("X-Amz-Content-Sha256", SigV4Signer.payloadHash(RawOpenTunnel.BODY));
            SigV4Signer.Signature mine = own.sign(at, "POST", "/", headers,
                    SigV4Signer.payloadHash(RawOpenTunnel.BODY));

            SdkHttpRequest unsigned = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
                    .uri(URI.create("https://127.0.0.1:8443/"))
                    .putHeader("Content-Type", "application/x-amz-json-1.1")
                    .putHeader("X-Amz-Target", RawOpenTunnel.TARGET)
                    .build();
            SdkHttpRequest sdk = AwsV4HttpSigner.create().sign(r -> r
                    .identity(AwsCredentialsIdentity.create(KEY_ID, SECRET)).request(unsigned)
                    .payload(ContentStreamProvider.fromByteArray(RawOpenTunnel.BODY))
                    .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))
                    .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "IoTSecuredTunneling")
                    .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")).request();

            assertThat(mine.amzDate()).isEqualTo(sdk.firstMatchingHeader("X-Amz-Date").orElseThrow());
            assertThat(mine.authorization()).isEqualTo(sdk.firstMatchingHeader("Authorization").orElseThrow());
        }
    }

    @Test
    void aDifferentBodyOrSecretGivesADifferentSignature() {
        Instant at = Instant.parse("2026-11-29T12:00:00Z");
        Map<String, String> headers = Map.of("Host", "h:1");
        String body = SigV4Signer.payloadHash(RawOpenTunnel.BODY);
        String other = SigV4Signer.payloadHash("{}".getBytes(StandardCharsets.UTF_8));
        SigV4Signer signer = new SigV4Signer(KEY_ID, SECRET, "us-east-1", "IoTSecuredTunneling");

        assertThat(signer.sign(at, "POST", "/", headers, body).authorization())
                .isNotEqualTo(signer.sign(at, "POST", "/", headers, other).authorization())
                .isNotEqualTo(new SigV4Signer(KEY_ID, SECRET + "x", "us-east-1", "IoTSecuredTunneling")
                        .sign(at, "POST", "/", headers, body).authorization());
        assertThat(signer.toString()).doesNotContain(SECRET);
    }
}
