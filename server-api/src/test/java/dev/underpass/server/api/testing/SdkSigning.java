package dev.underpass.server.api.testing;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK's own SigV4 signer, as a real client would. */
public final class SdkSigning {
    public static final String SIGNING_NAME = "IoTSecuredTunneling";

    private SdkSigning() {
    }

    /** Signs {@code method uri} with the given headers and body; the result carries Host, X-Amz-Date and Authorization. */
    public static SdkHttpRequest sign(String method, URI uri, Map<String, String> headers, byte[] body,
                                      String accessKeyId, String secret, String region, Clock clock) {
        return sign(method, uri, headers, body, accessKeyId, secret, region, clock, SIGNING_NAME);
    }

    /** As {@link #sign(String, URI, Map, byte[], String, String, String, Clock)}, with another signing name. */
    public static SdkHttpRequest sign(String method, URI uri, Map<String, String> headers, byte[] body,
                                      String accessKeyId, String secret, String region, Clock clock,
                                      String signingName) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method)).uri(uri);
        headers.forEach(request::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKeyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock));
        return signed.request();
    }
}
