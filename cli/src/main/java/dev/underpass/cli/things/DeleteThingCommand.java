package dev.underpass.cli.things;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code things delete NAME}: DeleteThing; its certificates are detached and deactivated by the server. */
@Command(name = "delete", mixinStandardHelpOptions = true,
        description = {"Deletes a thing (DeleteThing) and deactivates its certificates.",
                "Its certificates are detached and deactivated, so they can never connect again.",
                "Deleting a thing that does not exist succeeds. Prints nothing."})
final class DeleteThingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The thing's name.")
    private String thingName;

    @Override
    public Integer call() {
        CliContext.of(spec).callIot("DeleteThing", c -> c.deleteThing(r -> r.thingName(thingName)));
        return ExitCodes.OK;
    }
}
