package dev.underpass.server.api.things;

import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import dev.underpass.server.store.DeviceCertificate;
import dev.underpass.server.store.Thing;
import dev.underpass.server.store.ThingStore;
import java.time.Clock;
import java.time.Instant;
import java.util.function.Supplier;

/** What every registry operation works with. */
record ThingsContext(ThingStore store, DeviceCertificateAuthority deviceCa, ApiSettings settings, Clock clock,
        DeviceEvents events, Supplier<String> rootCaPem) {

    Instant now() {
        return clock.instant();
    }

    /** {@code arn:aws:iot:<region>:<account>:thing/<name>}. */
    String thingArn(String thingName) {
        return "arn:aws:iot:" + settings.region() + ":" + settings.accountId() + ":thing/" + thingName;
    }

    /** {@code arn:aws:iot:<region>:<account>:cert/<id>}. */
    String certificateArn(String certificateId) {
        return "arn:aws:iot:" + settings.region() + ":" + settings.accountId() + ":cert/" + certificateId;
    }

    Thing thing(String thingName) {
        return store.findThing(thingName).orElseThrow(() -> ApiException.notFound(
                "Thing '" + thingName + "' does not exist; create it with CreateThing (POST /things/" + thingName
                        + ")."));
    }

    DeviceCertificate certificate(String certificateId) {
        return store.findCertificate(certificateId).orElseThrow(() -> noSuchCertificate(certificateId));
    }

    static ApiException noSuchCertificate(String certificateId) {
        return ApiException.notFound("Certificate '" + certificateId + "' does not exist; certificate ids are the 64"
                + " hex digits CreateKeysAndCertificate returned.");
    }
}
