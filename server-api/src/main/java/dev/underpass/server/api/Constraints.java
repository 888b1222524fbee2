package dev.underpass.server.api;

import dev.underpass.server.store.DestinationConfig;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The input constraints of SPEC §2 (those of AWS's model, with the services cap from {@link ApiSettings}), applied
 * to request members. Each method records violations and returns the value read, or null when there was none.
 */
final class Constraints {
    static final Pattern TUNNEL_ID = Pattern.compile("[a-zA-Z0-9_\\-+=:]{1,128}");
    static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]+");
    static final Pattern SERVICE = THING_NAME;
    static final Pattern DESCRIPTION = Pattern.compile("[^\\p{C}]{1,2048}");
    static final Pattern TAG = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    static final Pattern NEXT_TOKEN = Pattern.compile("[a-zA-Z0-9_=-]{1,4096}");
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_DESCRIPTION_LENGTH = 2048;
    static final int MAX_ARN_LENGTH = 1011;
    static final int MAX_TAGS_PER_CALL = 200;
    static final int MAX_TAG_KEY_LENGTH = 128;
    static final int MAX_TAG_VALUE_LENGTH = 256;
    static final int MAX_LIFETIME_MINUTES = 720;
    static final int MAX_LIST_RESULTS = 100;

    private final int maxServices;

    Constraints(ApiSettings settings) {
        this.maxServices = settings.maxServicesPerTunnel();
    }

    String tunnelId(Violations v, JsonInput in) {
        String id = in.string("tunnelId");
        if (v.required(in.pathOf("tunnelId"), id)) {
            // The pattern carries the length limit, as in AWS's model.
            v.string(in.pathOf("tunnelId"), id, 1, Integer.MAX_VALUE, TUNNEL_ID);
        }
        return id;
    }

    String resourceArn(Violations v, JsonInput in) {
        String arn = in.string("resourceArn");
        if (v.required(in.pathOf("resourceArn"), arn)) {
            v.string(in.pathOf("resourceArn"), arn, 1, MAX_ARN_LENGTH, null);
        }
        return arn;
    }

    String thingName(Violations v, JsonInput in) {
        String name = in.string("thingName");
        v.string(in.pathOf("thingName"), name, 1, MAX_NAME_LENGTH, THING_NAME);
        return name;
    }

    String description(Violations v, JsonInput in) {
        String description = in.string("description");
        v.string(in.pathOf("description"), description, 1, MAX_DESCRIPTION_LENGTH, DESCRIPTION);
        return description;
    }

    /** {@code destinationConfig{thingName?, services[1..max]}}, or null when absent. */
    DestinationConfig destinationConfig(Violations v, JsonInput in) {
        JsonInput config = in.object("destinationConfig");
        if (config == null) {
            return null;
        }
        String thingName = thingName(v, config);
        String servicesPath = config.pathOf("services");
        List<String> services = config.strings("services");
        if (!v.required(servicesPath, services)) {
            return null;
        }
        v.size(servicesPath, services, 1, maxServices);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            String itemPath = servicesPath + "." + (i + 1) + ".member";
            String service = services.get(i);
            if (v.required(itemPath, service)) {
                v.string(itemPath, service, 1, MAX_NAME_LENGTH, SERVICE);
                if (!seen.add(service)) {
                    v.add(itemPath, service, "Member must be unique within " + servicesPath);
                }
            }
        }
        return new DestinationConfig(thingName, services.stream().filter(s -> s != null).toList());
    }

    /** {@code timeoutConfig.maxLifetimeTimeoutMinutes}, 1 to 720, defaulting to 720. */
    int maxLifetimeMinutes(Violations v, JsonInput in) {
        JsonInput timeout = in.object("timeoutConfig");
        Long minutes = timeout == null ? null : timeout.integer("maxLifetimeTimeoutMinutes");
        if (minutes == null) {
            return MAX_LIFETIME_MINUTES;
        }
        v.range(timeout.pathOf("maxLifetimeTimeoutMinutes"), minutes, 1, MAX_LIFETIME_MINUTES);
        return (int) Math.max(1, Math.min(MAX_LIFETIME_MINUTES, minutes));
    }

    /** {@code tags[{key, value}]} with 1 to 200 items, in the order given (a later duplicate key wins), or null. */
    Map<String, String> tags(Violations v, JsonInput in, boolean required) {
        String path = in.pathOf("tags");
        List<JsonInput> items = in.objects("tags");
        if (items == null) {
            if (required) {
                v.required(path, null);
            }
            return null;
        }
        v.size(path, items, 1, MAX_TAGS_PER_CALL);
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonInput item = items.get(i);
            if (!v.required(path + "." + (i + 1) + ".member", item)) {
                continue;
            }
            String key = tagKey(v, item.pathOf("key"), item.string("key"));
            String value = item.string("value");
            if (v.required(item.pathOf("value"), value)) {
                v.string(item.pathOf("value"), value, 0, MAX_TAG_VALUE_LENGTH, TAG);
            }
            if (key != null && value != null) {
                tags.put(key, value);
            }
        }
        return tags;
    }

    /** {@code tagKeys[]} with at most 200 keys (AWS's model allows none). */
    List<String> tagKeys(Violations v, JsonInput in) {
        String path = in.pathOf("tagKeys");
        List<String> keys = in.strings("tagKeys");
        if (!v.required(path, keys)) {
            return null;
        }
        v.size(path, keys, 0, MAX_TAGS_PER_CALL);
        for (int i = 0; i < keys.size(); i++) {
            tagKey(v, path + "." + (i + 1) + ".member", keys.get(i));
        }
        return keys.stream().filter(k -> k != null).toList();
    }

    private static String tagKey(Violations v, String path, String key) {
        if (v.required(path, key)) {
            v.string(path, key, 1, MAX_TAG_KEY_LENGTH, TAG);
        }
        return key;
    }
}
