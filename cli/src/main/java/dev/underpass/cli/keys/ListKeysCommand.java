package dev.underpass.cli.keys;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code keys list}: ListAccessKeys ({@code GET /keys}). */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the access keys (ListAccessKeys): the credentials file's bootstrap keys and the created ones,"
                + " with status, creator and last use. Never shows a secret.")
final class ListKeysCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ObjectNode response = (ObjectNode) ctx.rest("ListAccessKeys", "GET", "/keys", null);
        ctx.printer().print(response, KeyTables::list);
        return ExitCodes.OK;
    }
}
