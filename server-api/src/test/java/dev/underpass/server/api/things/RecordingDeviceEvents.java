package dev.underpass.server.api.things;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers every device event, in order, as text. */
public final class RecordingDeviceEvents implements DeviceEvents {
    public final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void certificateDeactivated(String certificateId, String thingNameOrNull) {
        events.add("deactivated " + certificateId + " " + thingNameOrNull);
    }

    @Override
    public void certificateDetached(String certificateId, String thingName) {
        events.add("detached " + certificateId + " " + thingName);
    }

    @Override
    public void thingDeleted(String thingName) {
        events.add("deleted " + thingName);
    }
}
