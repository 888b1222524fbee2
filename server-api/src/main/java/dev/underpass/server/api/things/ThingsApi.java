package dev.underpass.server.api.things;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.Operation;
import dev.underpass.server.api.OperationHandler;
import dev.underpass.server.pki.DeviceCertificateAuthority;
import dev.underpass.server.store.ThingStore;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The thing registry's operations, in AWS IoT's shapes and error names (routes in docs/API.md): things, device certificates issued by
 * the device CA, their attachment and status, and the root CA devices need. Served through {@link ControlApi}'s
 * dispatch ({@link #handlers()}), so authentication, metrics and the API observer cover them.
 *
 * <p>Blocks on the store; thread-safe. Changes that end a device's right to connect are reported to
 * {@link DeviceEvents} after they are stored.
 */
public final class ThingsApi {
    private final Map<Operation, OperationHandler> handlers = new EnumMap<>(Operation.class);

    /**
     * @param store     where things and certificates live
     * @param deviceCa  signs device certificates
     * @param settings  region and account id for ARNs
     * @param clock     the time written into the registry
     * @param events    told when a certificate stops being usable or a thing is deleted
     * @param rootCaPem the PEM of the CA that verifies this server's TLS certificate, or a supplier of null when
     *                  there is none to hand out (configured certificate, plain mode)
     */
    public ThingsApi(ThingStore store, DeviceCertificateAuthority deviceCa, ApiSettings settings, Clock clock,
            DeviceEvents events, Supplier<String> rootCaPem) {
        ThingsContext context = new ThingsContext(Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(deviceCa, "deviceCa"), Objects.requireNonNull(settings, "settings"),
                Objects.requireNonNull(clock, "clock"), new GuardedDeviceEvents(Objects.requireNonNull(events,
                "events")), Objects.requireNonNull(rootCaPem, "rootCaPem"));
        ThingOperations things = new ThingOperations(context);
        CertificateOperations certificates = new CertificateOperations(context);
        PrincipalOperations principals = new PrincipalOperations(context);
        serve(Operation.CREATE_THING, things::create);
        serve(Operation.DESCRIBE_THING, things::describe);
        serve(Operation.LIST_THINGS, things::list);
        serve(Operation.DELETE_THING, things::delete);
        serve(Operation.CREATE_KEYS_AND_CERTIFICATE, certificates::createKeysAndCertificate);
        serve(Operation.DESCRIBE_CERTIFICATE, certificates::describe);
        serve(Operation.UPDATE_CERTIFICATE, certificates::update);
        serve(Operation.LIST_CERTIFICATES, certificates::list);
        serve(Operation.ATTACH_THING_PRINCIPAL, principals::attach);
        serve(Operation.DETACH_THING_PRINCIPAL, principals::detach);
        serve(Operation.LIST_THING_PRINCIPALS, principals::list);
        serve(Operation.GET_ROOT_CA, in -> certificates.rootCa());
    }

    /** The operations this API serves, to pass to {@link ControlApi}'s constructor. */
    public Map<Operation, OperationHandler> handlers() {
        return Map.copyOf(handlers);
    }

    /** Runs one registry operation directly (what the dispatch does after authentication). */
    public ObjectNode invoke(Operation operation, JsonNode request) {
        OperationHandler handler = handlers.get(operation);
        if (handler == null) {
            throw new IllegalArgumentException(operation + " is not a thing registry operation");
        }
        return handler.invoke(operation, request, null);
    }

    private void serve(Operation operation, Function<ThingInput, ObjectNode> action) {
        handlers.put(operation, (op, request, caller) -> action.apply(new ThingInput(request)));
    }
}
