package dev.underpass.server.api.things;

/**
 * How the rest of the server learns that a device credential stopped being valid, after the change is stored: the
 * MQTT broker drops live sessions that authenticated with it.
 *
 * <p>Contract for implementations: calls come from the API's worker threads, possibly several at once; they must
 * return quickly and never block; they must tolerate repeats and ids they never heard of. A call that throws is
 * logged and does not fail the API request, whose change is already stored.
 */
public interface DeviceEvents {

    /** Ignores every event. */
    DeviceEvents NONE = new DeviceEvents() {
        @Override
        public void certificateDeactivated(String certificateId, String thingNameOrNull) {
        }

        @Override
        public void certificateDetached(String certificateId, String thingName) {
        }

        @Override
        public void thingDeleted(String thingName) {
        }
    };

    /**
     * The certificate was set {@code INACTIVE} (by UpdateCertificate, or because its thing was deleted): sessions
     * that authenticated with it must end.
     *
     * @param thingNameOrNull the thing it was attached to, or null when none
     */
    void certificateDeactivated(String certificateId, String thingNameOrNull);

    /** The certificate was detached from {@code thingName}: it can no longer connect as that thing. */
    void certificateDetached(String certificateId, String thingName);

    /**
     * The thing was deleted. Its certificates were detached and deactivated first, each reported through
     * {@link #certificateDeactivated}.
     */
    void thingDeleted(String thingName);
}
