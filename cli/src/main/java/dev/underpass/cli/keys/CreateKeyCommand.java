package dev.underpass.cli.keys;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code keys create}: CreateAccessKey ({@code POST /keys}). */
@Command(name = "create", mixinStandardHelpOptions = true,
        description = "Creates an access key (CreateAccessKey). Its secret is shown this once: store it now.")
final class CreateKeyCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "A short label (1-64 of a-z A-Z 0-9 . _ @ + = , -).")
    private String name;

    @Option(names = "--description", paramLabel = "TEXT", description = "Free text, up to 256 characters.")
    private String description;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ObjectNode request = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            request.put("name", name);
        }
        if (description != null) {
            request.put("description", description);
        }
        ObjectNode response = (ObjectNode) ctx.rest("CreateAccessKey", "POST", "/keys", request.toString());
        ctx.printer().print(response, KeyTables::created);
        return ExitCodes.OK;
    }
}
