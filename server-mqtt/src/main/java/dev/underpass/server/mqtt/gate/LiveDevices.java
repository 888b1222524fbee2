package dev.underpass.server.mqtt.gate;

import io.netty.channel.Channel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device connections the gate admitted, so that deactivating a certificate or deleting a thing cuts the live
 * sessions at once (the next connect is refused by the directory anyway). Thread-safe.
 */
public final class LiveDevices {
    private static final Logger LOG = LoggerFactory.getLogger(LiveDevices.class);

    private record Entry(DeviceIdentity identity, Channel channel) {
    }

    private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

    void add(DeviceIdentity identity, Channel channel) {
        Entry entry = new Entry(identity, channel);
        entries.add(entry);
        channel.closeFuture().addListener(f -> entries.remove(entry));
    }

    /** Closes every connection made with the certificate; returns how many there were. */
    public int disconnectCertificate(String certificateId, String reason) {
        return disconnect(e -> e.identity().certificateId().equals(certificateId), reason);
    }

    /** Closes every connection of the thing; returns how many there were. */
    public int disconnectThing(String thingName, String reason) {
        return disconnect(e -> e.identity().thingName().equals(thingName), reason);
    }

    /** Connections admitted and still open. */
    public int count() {
        return entries.size();
    }

    /** Whether a connection of the thing is open. */
    public boolean isConnected(String thingName) {
        return entries.stream().anyMatch(e -> e.identity().thingName().equals(thingName));
    }

    private int disconnect(java.util.function.Predicate<Entry> which, String reason) {
        int n = 0;
        for (Entry e : entries) {
            if (which.test(e)) {
                n++;
                LOG.info("closing the MQTT connection of thing {}: {}", e.identity().thingName(), reason);
                e.channel().close();
            }
        }
        return n;
    }
}
