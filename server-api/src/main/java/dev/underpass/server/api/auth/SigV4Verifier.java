package dev.underpass.server.api.auth;

import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code Authorization: AWS4-HMAC-SHA256 ...}) on control API requests, as AWS
 * does: the request is re-canonicalised, signed with the caller's secret and the signatures compared in constant
 * time. Any region is accepted in the credential scope; the service must be the signing name of the operation's
 * family ({@value #SIGNING_NAME} for tunnels, {@code iot} for the thing registry; in any case);
 * {@code X-Amz-Date} must be within {@link #MAX_SKEW} of the clock. The payload is hashed from the body, and an
 * {@code x-amz-content-sha256} header, when present, must equal that hash.
 *
 * <p>Failures throw {@link ApiException} with AWS's names: {@code MissingAuthenticationTokenException},
 * {@code IncompleteSignatureException}, {@code UnrecognizedClientException}, {@code InvalidSignatureException}.
 * Their messages never contain a secret or a signature. Thread-safe; blocks only as long as {@link AccessKeys} does.
 */
public final class SigV4Verifier {
    /** The signing name of AWS IoT Secure Tunneling, from its service model. */
    public static final String SIGNING_NAME = "IoTSecuredTunneling";
    /** How far {@code X-Amz-Date} may be from the server's clock, either way. */
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    private static final String TERMINATOR = "aws4_request";
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    private final AccessKeys keys;
    private final Clock clock;

    public SigV4Verifier(AccessKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Checks the request's signature.
     *
     * @return the access key id that signed the request
     * @throws ApiException when the request is not signed, or not correctly signed by a known key
     */
    public String verify(SigV4Request request) {
        return verify(request, SIGNING_NAME);
    }

    /**
     * Checks the request's signature, which must be scoped to {@code signingName}.
     *
     * @return the access key id that signed the request
     * @throws ApiException when the request is not signed, or not correctly signed by a known key
     */
    public String verify(SigV4Request request, String signingName) {
        Objects.requireNonNull(signingName, "signingName");
        String header = request.header("authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(ErrorType.MISSING_AUTHENTICATION_TOKEN, "Request is missing Authentication Token; "
                    + "sign requests with SigV4 (service '" + signingName + "') using the server's access keys.");
        }
        AuthorizationHeader authorization = AuthorizationHeader.parse(header);
        String amzDate = request.header("x-amz-date");
        if (amzDate == null) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        checkScope(authorization, amzDate.strip(), signingName);
        checkSkew(amzDate.strip());
        if (!authorization.signedHeaderNames().contains("host")) {
            throw invalid("'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        String secret = keys.secretFor(authorization.accessKeyId()).orElseThrow(() -> new ApiException(
                ErrorType.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid: access key id '"
                + authorization.accessKeyId() + "' is not known to this server."));

        String payloadHash = payloadHash(request);
        String canonical;
        try {
            canonical = CanonicalRequest.of(request, authorization, payloadHash);
        } catch (IllegalArgumentException e) {
            throw invalid("The query string holds a malformed percent-escape: " + e.getMessage() + ".");
        }
        String stringToSign = AuthorizationHeader.ALGORITHM + "\n" + amzDate.strip() + "\n" + authorization.scope()
                + "\n" + HEX.formatHex(sha256(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] expected = hmac(signingKey(secret, authorization), stringToSign);
        byte[] provided = authorization.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(HEX.formatHex(expected).getBytes(StandardCharsets.US_ASCII), provided)) {
            throw invalid(SIGNATURE_MISMATCH);
        }
        return authorization.accessKeyId();
    }

    private static void checkScope(AuthorizationHeader authorization, String amzDate, String signingName) {
        if (!signingName.equalsIgnoreCase(authorization.scopeService())) {
            throw invalid("Credential should be scoped to correct service: '" + signingName + "', not '"
                    + authorization.scopeService() + "'.");
        }
        if (!TERMINATOR.equals(authorization.terminator())) {
            throw invalid("Credential should be scoped with a valid terminator: '" + TERMINATOR + "', not '"
                    + authorization.terminator() + "'.");
        }
        if (!amzDate.startsWith(authorization.scopeDate()) || amzDate.length() < 8
                || authorization.scopeDate().length() != 8) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + authorization.scopeDate() + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length()))
                    + "', from '" + amzDate + "'.");
        }
    }

    private void checkSkew(String amzDate) {
        Instant signedAt;
        try {
            signedAt = AMZ_DATE.parse(amzDate, Instant::from);
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorType.INCOMPLETE_SIGNATURE, "X-Amz-Date '" + amzDate
                    + "' must be in the ISO-8601 basic format yyyyMMdd'T'HHmmss'Z', e.g. 20240101T120000Z.");
        }
        Instant now = clock.instant();
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW))
                    + " (" + AMZ_DATE.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now) + " + 15 min.)");
        }
    }

    private static String payloadHash(SigV4Request request) {
        String bodyHash = HEX.formatHex(sha256(request.body()));
        String declared = request.header("x-amz-content-sha256");
        if (declared == null) {
            return bodyHash;
        }
        if (!MessageDigest.isEqual(declared.strip().getBytes(StandardCharsets.UTF_8),
                bodyHash.getBytes(StandardCharsets.UTF_8))) {
            throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed from the body"
                    + " (unsigned and streaming payloads are not accepted).");
        }
        return declared.strip();
    }

    private static byte[] signingKey(String secret, AuthorizationHeader authorization) {
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), authorization.scopeDate());
        key = hmac(key, authorization.scopeRegion());
        key = hmac(key, authorization.scopeService());
        return hmac(key, authorization.terminator());
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorType.INVALID_SIGNATURE, message);
    }
}
