package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiException;
import dev.underpass.server.api.ErrorType;
import dev.underpass.server.store.InvalidNextTokenException;
import dev.underpass.server.store.Page;
import dev.underpass.server.store.Thing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** CreateThing, DescribeThing, ListThings and DeleteThing. */
final class ThingOperations {
    static final int MAX_LIST_RESULTS = 250;
    static final int DEFAULT_LIST_RESULTS = 50;

    private final ThingsContext context;

    ThingOperations(ThingsContext context) {
        this.context = context;
    }

    /**
     * Creates a thing. As on AWS IoT, repeating the call with the same attributes succeeds and returns the existing
     * thing; different attributes fail with {@code ResourceAlreadyExistsException}.
     */
    ObjectNode create(ThingInput in) {
        String name = in.thingName();
        in.unsupported("thingTypeName", "this registry has no thing types");
        in.unsupported("billingGroupName", "this registry has no billing groups");
        Map<String, String> attributes = in.attributes();
        Thing candidate = new Thing(name, UUID.randomUUID().toString(), context.thingArn(name), attributes, 1,
                context.now());
        Thing thing = context.store().createThing(candidate).orElseGet(() -> {
            Thing existing = context.store().findThing(name).orElseThrow(() -> new ApiException(
                    ErrorType.RESOURCE_ALREADY_EXISTS, "Thing '" + name + "' was being deleted; retry."));
            if (!existing.attributes().equals(candidate.attributes())) {
                throw new ApiException(ErrorType.RESOURCE_ALREADY_EXISTS, "Thing '" + name
                        + "' already exists with different attributes; describe it, or delete it first.");
            }
            return existing;
        });
        ObjectNode response = ThingJson.object();
        response.put("thingName", thing.thingName());
        response.put("thingArn", thing.thingArn());
        response.put("thingId", thing.thingId());
        return response;
    }

    ObjectNode describe(ThingInput in) {
        return ThingJson.describe(context.thing(in.thingName()));
    }

    ObjectNode list(ThingInput in) {
        Integer maxResults = in.integer("maxResults", 1, MAX_LIST_RESULTS);
        String nextToken = in.string("nextToken", ThingInput.NEXT_TOKEN);
        Page<Thing> page;
        try {
            page = context.store().listThings(maxResults == null ? DEFAULT_LIST_RESULTS : maxResults, nextToken);
        } catch (InvalidNextTokenException e) {
            throw ThingInput.invalid("'nextToken' must be a nextToken returned by an earlier ListThings call.");
        }
        ObjectNode response = ThingJson.object();
        ArrayNode things = response.putArray("things");
        page.items().forEach(thing -> things.add(ThingJson.summary(thing)));
        if (page.nextToken() != null) {
            response.put("nextToken", page.nextToken());
        }
        return response;
    }

    /**
     * Deletes a thing, and with it the use of its certificates: they are detached and deactivated in the same
     * transaction, then reported. Deleting a thing that does not exist succeeds, as on AWS IoT.
     */
    ObjectNode delete(ThingInput in) {
        String name = in.thingName();
        Integer expectedVersion = in.integer("expectedVersion", 0, Integer.MAX_VALUE);
        if (expectedVersion != null) {
            Optional<Thing> thing = context.store().findThing(name);
            if (thing.isPresent() && thing.get().version() != expectedVersion) {
                throw new ApiException(ErrorType.VERSION_CONFLICT, "Thing '" + name + "' is at version "
                        + thing.get().version() + ", not " + expectedVersion + ".");
            }
        }
        Optional<List<String>> certificates = context.store().deleteThing(name, context.now());
        if (certificates.isPresent()) {
            certificates.get().forEach(id -> context.events().certificateDeactivated(id, name));
            context.events().thingDeleted(name);
        }
        return ThingJson.object();
    }
}
