package dev.underpass.server.devices;

import dev.underpass.server.mqtt.DeviceDirectory;
import dev.underpass.server.store.CertificateStatus;
import dev.underpass.server.store.ThingStore;
import java.util.Optional;

/** The MQTT gate's view of the thing registry: a certificate, the thing it is attached to, and whether it is ACTIVE. */
public final class ThingDirectory implements DeviceDirectory {
    private final ThingStore things;

    public ThingDirectory(ThingStore things) {
        this.things = things;
    }

    @Override
    public Optional<RegisteredCertificate> lookup(String certificateId) {
        return things.findCertificate(certificateId).map(c -> new RegisteredCertificate(c.certificateId(),
                c.thingName(), c.status() == CertificateStatus.ACTIVE));
    }
}
