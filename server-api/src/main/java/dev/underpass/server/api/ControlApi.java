package dev.underpass.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.store.TunnelStore;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The control API without its transport: runs one of the eight operations of SPEC §2 (and any further operations
 * given at construction) on a JSON request object and
 * returns the JSON response object, in AWS's shapes (null members left out, timestamps in epoch seconds).
 *
 * <p>Calls block on the store (JDBC), so never make them on an event loop. Thread-safe. Caller errors (validation,
 * unknown tunnel, limits, malformed members) throw {@link ApiException}; anything else thrown (e.g. a
 * {@link dev.underpass.server.store.StoreException}) is a server fault for the transport to report as
 * {@code InternalFailureException} without details.
 */
public final class ControlApi {
    private final ApiSettings settings;
    private final Map<Operation, Action> actions = new EnumMap<>(Operation.class);
    private final Map<Operation, OperationHandler> moreOperations = new EnumMap<>(Operation.class);

    /**
     * @param store    where tunnels live
     * @param settings region, account id and limits
     * @param clock    the time written into tunnels and checked against lifetimes
     * @param events   told of every stored change; see {@link TunnelEvents} for its threading contract
     */
    public ControlApi(TunnelStore store, ApiSettings settings, Clock clock, TunnelEvents events) {
        this(store, settings, clock, events, Map.of());
    }

    /**
     * As above, also serving {@code moreOperations} (e.g. the thing registry's,
     * {@link dev.underpass.server.api.things.ThingsApi#handlers()}) through the same dispatch, so that
     * authentication, metrics and the observer apply to them as to the tunnel operations.
     */
    public ControlApi(TunnelStore store, ApiSettings settings, Clock clock, TunnelEvents events,
            Map<Operation, ? extends OperationHandler> moreOperations) {
        this.settings = Objects.requireNonNull(settings, "settings");
        ApiContext context = new ApiContext(Objects.requireNonNull(store, "store"), settings,
                new Constraints(settings), Objects.requireNonNull(clock, "clock"),
                new GuardedEvents(Objects.requireNonNull(events, "events")));
        actions.put(Operation.OPEN_TUNNEL, new OpenTunnelAction(context));
        actions.put(Operation.CLOSE_TUNNEL, new CloseTunnelAction(context));
        actions.put(Operation.DESCRIBE_TUNNEL, new DescribeTunnelAction(context));
        actions.put(Operation.LIST_TUNNELS, new ListTunnelsAction(context));
        actions.put(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, new RotateTokenAction(context));
        actions.put(Operation.TAG_RESOURCE, new TagResourceAction(context));
        actions.put(Operation.UNTAG_RESOURCE, new UntagResourceAction(context));
        actions.put(Operation.LIST_TAGS_FOR_RESOURCE, new ListTagsAction(context));
        moreOperations.forEach((operation, handler) -> {
            if (actions.containsKey(operation)) {
                throw new IllegalArgumentException(operation + " is served by the control API itself");
            }
            this.moreOperations.put(operation, Objects.requireNonNull(handler, "handler"));
        });
    }

    /**
     * Runs an operation.
     *
     * @param operation which one
     * @param request   the request object; {@code null} or a missing node counts as {@code {}}
     * @return the response object ({@code {}} for operations without output)
     * @throws ApiException when the request is at fault; its type and message are for the caller
     */
    public ObjectNode invoke(Operation operation, JsonNode request) {
        return invoke(operation, request, null);
    }

    /** As above, for a request signed by {@code caller} (a verified access key id), which some operations record. */
    public ObjectNode invoke(Operation operation, JsonNode request, String caller) {
        Objects.requireNonNull(operation, "operation");
        Action action = actions.get(operation);
        if (action != null) {
            return action.execute(JsonInput.root(request));
        }
        OperationHandler handler = moreOperations.get(operation);
        if (handler != null) {
            return handler.invoke(operation, JsonInput.root(request).node(), caller);
        }
        throw new ApiException(ErrorType.UNKNOWN_OPERATION, "Operation " + operation.awsName()
                + " is not enabled on this server.");
    }

    public ApiSettings settings() {
        return settings;
    }
}
