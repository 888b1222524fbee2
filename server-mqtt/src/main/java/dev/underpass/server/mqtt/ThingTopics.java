package dev.underpass.server.mqtt;

import java.util.regex.Pattern;

/** The MQTT topics of a thing, and the rule of which a device may use (SPEC §5). */
public final class ThingTopics {
    /** AWS IoT's thing-name pattern; no wildcards or slashes, so a name is always one topic level. */
    public static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");
    private static final String PREFIX = "$aws/things/";

    private ThingTopics() {
    }

    /** {@code $aws/things/<thing>/tunnels/notify}. */
    public static String notifyTopic(String thingName) {
        return PREFIX + thingName + "/tunnels/notify";
    }

    /** A device may subscribe only to filters inside its own {@code $aws/things/<thing>/} tree. */
    public static boolean maySubscribe(String thingName, String topicFilter) {
        return topicFilter.startsWith(PREFIX + thingName + "/");
    }

    /**
     * A device may publish only inside its own {@code $aws/things/<thing>/} tree, and never below {@code tunnels/}:
     * notifications come from the server alone.
     */
    public static boolean mayPublish(String thingName, String topic) {
        String own = PREFIX + thingName + "/";
        return topic.startsWith(own) && !topic.startsWith(own + "tunnels/") && !topic.equals(own + "tunnels");
    }
}
