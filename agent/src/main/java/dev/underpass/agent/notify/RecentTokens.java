package dev.underpass.agent.notify;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hashes of the most recent tokens seen, to ignore duplicate notifications (QoS 1 redelivers after a lost
 * acknowledgement; the server may publish again). Holds SHA-256 hashes, never tokens. Bounded: past
 * {@code capacity} the oldest hash is forgotten, so a duplicate of a very old notification would start a proxy that
 * the server then refuses (its token is used up) — harmless.
 */
public final class RecentTokens {
    public static final int DEFAULT_CAPACITY = 1024;

    private final Map<ByteBuffer, Boolean> hashes;

    public RecentTokens(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        this.hashes = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteBuffer, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers the notification's token; false when it was seen already (a duplicate). */
    public synchronized boolean add(Notification notification) {
        return hashes.put(ByteBuffer.wrap(notification.tokenHash()), Boolean.TRUE) == null;
    }

    public synchronized int size() {
        return hashes.size();
    }
}
