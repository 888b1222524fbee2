package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.DeviceCertificate;
import dev.underpass.server.store.ThingStore;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * AttachThingPrincipal, DetachThingPrincipal and ListThingPrincipals. Principals are certificate ARNs. Unlike AWS
 * IoT, a certificate is attached to at most one thing: the MQTT broker takes the thing a certificate may connect as
 * from its attachment, so it must be unambiguous.
 */
final class PrincipalOperations {
    private static final Pattern CERTIFICATE_ARN =
            Pattern.compile("arn:aws[a-z-]*:iot:[a-z0-9-]*:[0-9]*:cert/([a-fA-F0-9]{64})");

    private final ThingsContext context;

    PrincipalOperations(ThingsContext context) {
        this.context = context;
    }

    ObjectNode attach(ThingInput in) {
        String thingName = in.thingName();
        String certificateId = certificateId(in);
        ThingStore.AttachOutcome outcome = context.store().attach(thingName, certificateId, context.now());
        switch (outcome) {
            case ATTACHED -> {
            }
            case NO_SUCH_THING -> context.thing(thingName);
            case NO_SUCH_CERTIFICATE -> throw ThingsContext.noSuchCertificate(certificateId);
            case ATTACHED_TO_ANOTHER_THING -> throw ThingInput.invalid("Certificate " + certificateId
                    + " is attached to thing '" + context.store().findCertificate(certificateId)
                    .map(DeviceCertificate::thingName).orElse("?") + "'; a certificate serves one thing here."
                    + " Detach it there first (DetachThingPrincipal).");
            default -> throw new IllegalStateException("unknown outcome " + outcome);
        }
        return ThingJson.object();
    }

    ObjectNode detach(ThingInput in) {
        String thingName = in.thingName();
        String certificateId = certificateId(in);
        context.thing(thingName);
        if (context.store().detach(thingName, certificateId, context.now())) {
            context.events().certificateDetached(certificateId, thingName);
        }
        return ThingJson.object();
    }

    /** All of the thing's certificate ARNs on one page (a thing has few). */
    ObjectNode list(ThingInput in) {
        String thingName = in.thingName();
        in.integer("maxResults", 1, 250);
        context.thing(thingName);
        ObjectNode response = ThingJson.object();
        ArrayNode principals = response.putArray("principals");
        context.store().certificatesOf(thingName).forEach(c -> principals.add(c.certificateArn()));
        return response;
    }

    private static String certificateId(ThingInput in) {
        String principal = in.string("principal", null);
        if (principal == null) {
            throw ThingInput.invalid("The x-amzn-principal header is required: give the certificate ARN that"
                    + " CreateKeysAndCertificate returned.");
        }
        Matcher matcher = CERTIFICATE_ARN.matcher(principal);
        if (!matcher.matches()) {
            throw ThingInput.invalid("Principal '" + (principal.length() > 200 ? principal.substring(0, 200) + "..."
                    : principal) + "' is not a certificate ARN (arn:aws:iot:<region>:<account>:cert/<64 hex>).");
        }
        return matcher.group(1).toLowerCase(Locale.ROOT);
    }
}
