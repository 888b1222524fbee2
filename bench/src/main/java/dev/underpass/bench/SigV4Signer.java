package dev.underpass.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for requests without a query string, computed with the JDK's HMAC-SHA256: what the SDK's
 * signer writes ({@code X-Amz-Date} and {@code Authorization}), at a fraction of its cost. Every request gets its own
 * date and signature; only the signing key derived from the secret is kept, per day, as the AWS SDKs keep it.
 * Thread-safe. The secret never leaves this object ({@link #toString()} leaves it out).
 */
final class SigV4Signer {
    private static final DateTimeFormatter AMZ_DATE =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<Mac> HMAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    });
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    });

    /** The headers to add to a request. */
    record Signature(String amzDate, String authorization) {
    }

    private record DayKey(String day, SecretKeySpec key) {
    }

    private final String accessKeyId;
    private final String secretAccessKey;
    private final String region;
    private final String service;
    private volatile DayKey dayKey;

    SigV4Signer(String accessKeyId, String secretAccessKey, String region, String service) {
        this.accessKeyId = Objects.requireNonNull(accessKeyId, "accessKeyId");
        this.secretAccessKey = Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        this.region = Objects.requireNonNull(region, "region");
        this.service = Objects.requireNonNull(service, "service");
    }

    /** The hex SHA-256 of a payload, the last line of the canonical request. */
    static String payloadHash(byte[] payload) {
        return HEX.formatHex(SHA256.get().digest(payload));
    }

    /**
     * Signs a request with no query string at {@code now}.
     *
     * @param headers     the headers to sign, {@code host} among them, without {@code x-amz-date} (added here); names
     *                    in any case, values as sent
     * @param payloadHash {@link #payloadHash} of the body
     */
    Signature sign(Instant now, String method, String path, Map<String, String> headers, String payloadHash) {
        String amzDate = AMZ_DATE.format(now);
        String day = amzDate.substring(0, 8);
        SortedMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, value) -> signed.put(name.toLowerCase(Locale.ROOT), value.strip()));
        signed.put("x-amz-date", amzDate);
        StringBuilder canonical = new StringBuilder(512).append(method).append('\n').append(path).append("\n\n");
        signed.forEach((name, value) -> canonical.append(name).append(':').append(value).append('\n'));
        String signedHeaders = String.join(";", signed.keySet());
        canonical.append('\n').append(signedHeaders).append('\n').append(payloadHash);
        String scope = day + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
                + HEX.formatHex(SHA256.get().digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String signature = HEX.formatHex(hmac(signingKey(day), stringToSign));
        return new Signature(amzDate, "AWS4-HMAC-SHA256 Credential=" + accessKeyId + "/" + scope
                + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    private SecretKeySpec signingKey(String day) {
        DayKey current = dayKey;
        if (current == null || !current.day().equals(day)) {
            byte[] key = hmac(new SecretKeySpec(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"), day);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), region);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), service);
            key = hmac(new SecretKeySpec(key, "HmacSHA256"), "aws4_request");
            current = new DayKey(day, new SecretKeySpec(key, "HmacSHA256"));
            dayKey = current;
        }
        return current.key();
    }

    private static byte[] hmac(SecretKeySpec key, String data) {
        Mac mac = HMAC.get();
        try {
            mac.init(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise HmacSHA256: " + e.getMessage(), e);
        }
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "SigV4Signer[accessKeyId=" + accessKeyId + ", region=" + region + ", service=" + service + "]";
    }
}
