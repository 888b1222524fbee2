package dev.underpass.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.client.PathSegments;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code keys revoke ID}: RevokeAccessKey ({@code DELETE /keys/ID}). */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = "Revokes an access key (RevokeAccessKey) for good; it is refused from the next request on. The"
                + " bootstrap keys and the key signing this request cannot be revoked.")
final class RevokeKeyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ACCESS_KEY_ID", description = "The key to revoke.")
    private String positional;

    @Option(names = "--access-key-id", paramLabel = "ID", description = "The key to revoke (instead of ACCESS_KEY_ID).")
    private String option;

    @Override
    public Integer call() {
        if ((positional == null) == (option == null)) {
            throw new ParameterException(spec.commandLine(),
                    "Name the key to revoke once: as ACCESS_KEY_ID or with --access-key-id");
        }
        String id = positional != null ? positional : option;
        CliContext ctx = CliContext.of(spec);
        ObjectNode response = (ObjectNode) ctx.rest("RevokeAccessKey", "DELETE", "/keys/" + PathSegments.encode(id),
                null);
        ctx.printer().print(response, KeyTables::revoked);
        return ExitCodes.OK;
    }
}
