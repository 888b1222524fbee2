package dev.underpass.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.underpass.cli.client.RestClient;
import dev.underpass.cli.client.ServiceClient;
import dev.underpass.cli.config.CliEnvironment;
import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.cli.config.CredentialsResolver;
import dev.underpass.cli.config.GlobalOptions;
import dev.underpass.cli.output.ResponsePrinter;
import java.io.PrintWriter;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/**
 * What every admin command works with: the global options, the environment, stdout for results, stderr for
 * diagnostics, and the service client — built on first use, so that usage errors never need credentials. One per
 * run of {@link UnderpassCli}; closed by it.
 */
public final class CliContext implements AutoCloseable {
    private final GlobalOptions options;
    private final CliEnvironment env;
    private final PrintWriter out;
    private final PrintWriter err;
    private ConnectionSettings settings;
    private ServiceClient client;
    private RestClient rest;

    CliContext(GlobalOptions options, CliEnvironment env, PrintWriter out, PrintWriter err) {
        this.options = options;
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** The context of the run a (sub)command belongs to. */
    public static CliContext of(CommandSpec spec) {
        return ((UnderpassCli) spec.root().userObject()).context();
    }

    /** Endpoint, CA bundle and region after flags, environment and defaults. */
    public ConnectionSettings settings() {
        if (settings == null) {
            settings = ConnectionSettings.resolve(options, env);
        }
        return settings;
    }

    /**
     * Calls one API operation through the SDK.
     *
     * @throws CliException for missing credentials, a service error or a transport failure
     */
    public <T> T call(String operation, Function<IoTSecureTunnelingClient, T> call) {
        return client().call(operation, call);
    }

    /**
     * Calls one AWS IoT (thing registry) operation through the SDK.
     *
     * @throws CliException for missing credentials, a service error or a transport failure
     */
    public <T> T callIot(String operation, Function<IotClient, T> call) {
        return client().callIot(operation, call);
    }

    /** The service client, built on first use. */
    public ServiceClient client() {
        if (client == null) {
            client = ServiceClient.create(settings(), CredentialsResolver.resolve(options.profile(), env));
        }
        return client;
    }

    /**
     * Calls one of Underpass's own REST routes, which the SDK has no operation for, signed with the same credentials.
     *
     * @throws CliException for missing credentials, a service error or a transport failure
     */
    public JsonNode rest(String operation, String method, String path, String body) {
        if (rest == null) {
            rest = RestClient.create(settings(), CredentialsResolver.resolve(options.profile(), env));
        }
        return rest.call(operation, method, path, body);
    }

    public ResponsePrinter printer() {
        return new ResponsePrinter(options.output(), out);
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (rest != null) {
            rest.close();
        }
    }
}
