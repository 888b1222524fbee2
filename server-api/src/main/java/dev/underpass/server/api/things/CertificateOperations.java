package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import dev.underpass.server.store.CertificateStatus;
import dev.underpass.server.store.DeviceCertificate;
import dev.underpass.server.store.InvalidNextTokenException;
import dev.underpass.server.store.Page;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;

/** CreateKeysAndCertificate, DescribeCertificate, UpdateCertificate, ListCertificates and the root CA. */
final class CertificateOperations {
    /** Subject CN of a certificate created without Underpass's {@code thingName} parameter, as AWS IoT names its. */
    static final String ANONYMOUS_SUBJECT = "Underpass IoT Certificate";
    static final int MAX_PAGE_SIZE = 250;
    static final int DEFAULT_PAGE_SIZE = 50;
    private static final Pattern STATUS = Pattern.compile("[A-Z_]{1,32}");

    private final ThingsContext context;

    CertificateOperations(ThingsContext context) {
        this.context = context;
    }

    /**
     * Issues a certificate and key pair with the device CA and registers the certificate (never the key), attached to
     * no thing. {@code setAsActive} defaults to false, as on AWS IoT. Underpass's optional {@code thingName} query
     * parameter only names the certificate's subject ({@code CN=<thingName>}); attaching is AttachThingPrincipal's.
     */
    ObjectNode createKeysAndCertificate(ThingInput in) {
        boolean active = in.bool("setAsActive", false);
        String thingName = in.string("thingName", ThingInput.THING_NAME);
        DeviceCertificateAuthority.DeviceCredentials issued =
                context.deviceCa().issue(thingName == null ? ANONYMOUS_SUBJECT : thingName);
        String arn = context.certificateArn(issued.certificateId());
        context.store().createCertificate(issued.certificateId(), arn, issued.certificatePem(),
                active ? CertificateStatus.ACTIVE : CertificateStatus.INACTIVE, context.now());
        ObjectNode response = ThingJson.object();
        response.put("certificateArn", arn);
        response.put("certificateId", issued.certificateId());
        response.put("certificatePem", issued.certificatePem());
        ObjectNode keyPair = response.putObject("keyPair");
        keyPair.put("PublicKey", issued.publicKeyPem());
        keyPair.put("PrivateKey", issued.privateKeyPem());
        return response;
    }

    ObjectNode describe(ThingInput in) {
        DeviceCertificate certificate = context.certificate(in.certificateId());
        X509Certificate x509 = parse(certificate.certificatePem());
        ObjectNode response = ThingJson.object();
        ObjectNode description = response.putObject("certificateDescription");
        description.put("certificateArn", certificate.certificateArn());
        description.put("certificateId", certificate.certificateId());
        description.put("status", certificate.status().name());
        description.put("certificatePem", certificate.certificatePem());
        description.put("ownedBy", context.settings().accountId());
        description.set("creationDate", ThingJson.timestamp(certificate.createdAt()));
        description.set("lastModifiedDate", ThingJson.timestamp(certificate.updatedAt()));
        description.put("customerVersion", 1);
        ObjectNode validity = description.putObject("validity");
        validity.set("notBefore", ThingJson.timestamp(x509.getNotBefore().toInstant()));
        validity.set("notAfter", ThingJson.timestamp(x509.getNotAfter().toInstant()));
        description.put("certificateMode", "DEFAULT");
        return response;
    }

    /** Sets ACTIVE or INACTIVE; deactivating tells {@link DeviceEvents}, so that live sessions end. */
    ObjectNode update(ThingInput in) {
        String id = in.certificateId();
        String newStatus = in.required("newStatus", STATUS);
        CertificateStatus status;
        try {
            status = CertificateStatus.valueOf(newStatus);
        } catch (IllegalArgumentException e) {
            throw ThingInput.invalid("'newStatus' " + newStatus + " is not supported here; use ACTIVE or INACTIVE.");
        }
        DeviceCertificate updated = context.store().updateCertificateStatus(id, status, context.now())
                .orElseThrow(() -> ThingsContext.noSuchCertificate(id));
        if (status == CertificateStatus.INACTIVE) {
            context.events().certificateDeactivated(id, updated.thingName());
        }
        return ThingJson.object();
    }

    ObjectNode list(ThingInput in) {
        Integer pageSize = in.integer("pageSize", 1, MAX_PAGE_SIZE);
        String marker = in.string("marker", ThingInput.NEXT_TOKEN);
        if (!in.bool("isAscendingOrder", true)) {
            throw ThingInput.invalid("'isAscendingOrder' false is not supported: certificates are listed by id.");
        }
        Page<DeviceCertificate> page;
        try {
            page = context.store().listCertificates(pageSize == null ? DEFAULT_PAGE_SIZE : pageSize, marker);
        } catch (InvalidNextTokenException e) {
            throw ThingInput.invalid("'marker' must be a nextMarker returned by an earlier ListCertificates call.");
        }
        ObjectNode response = ThingJson.object();
        ArrayNode certificates = response.putArray("certificates");
        page.items().forEach(c -> certificates.add(ThingJson.certificateSummary(c)));
        if (page.nextToken() != null) {
            response.put("nextMarker", page.nextToken());
        }
        return response;
    }

    /** {@code {"rootCaPem": "..."}}: the CA certificate that verifies this server's TLS certificate. */
    ObjectNode rootCa() {
        String pem = context.rootCaPem().get();
        if (pem == null) {
            throw new ApiException(ErrorType.RESOURCE_NOT_FOUND, "This server runs with a configured TLS certificate"
                    + " (or without TLS), so it has no generated root CA to hand out; give devices the CA that signed"
                    + " the configured certificate.");
        }
        ObjectNode response = ThingJson.object();
        response.put("rootCaPem", pem);
        return response;
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored device certificate does not parse: " + e.getMessage(), e);
        }
    }
}
