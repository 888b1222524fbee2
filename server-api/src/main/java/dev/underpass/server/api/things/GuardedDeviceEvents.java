package dev.underpass.server.api.things;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes events on and logs what a listener throws: the change is stored and the request must still succeed. */
final class GuardedDeviceEvents implements DeviceEvents {
    private static final Logger LOG = LoggerFactory.getLogger(GuardedDeviceEvents.class);

    private final DeviceEvents delegate;

    GuardedDeviceEvents(DeviceEvents delegate) {
        this.delegate = delegate;
    }

    @Override
    public void certificateDeactivated(String certificateId, String thingNameOrNull) {
        try {
            delegate.certificateDeactivated(certificateId, thingNameOrNull);
        } catch (RuntimeException e) {
            LOG.error("DeviceEvents.certificateDeactivated failed for certificate {}", certificateId, e);
        }
    }

    @Override
    public void certificateDetached(String certificateId, String thingName) {
        try {
            delegate.certificateDetached(certificateId, thingName);
        } catch (RuntimeException e) {
            LOG.error("DeviceEvents.certificateDetached failed for certificate {}", certificateId, e);
        }
    }

    @Override
    public void thingDeleted(String thingName) {
        try {
            delegate.thingDeleted(thingName);
        } catch (RuntimeException e) {
            LOG.error("DeviceEvents.thingDeleted failed for thing {}", thingName, e);
        }
    }
}
