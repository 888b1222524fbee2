package dev.underpass.cli.things;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;

/** {@code things describe NAME}: DescribeThing. */
@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Shows a thing (DescribeThing): id, ARN, attributes, version.")
final class DescribeThingCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The thing's name.")
    private String thingName;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        DescribeThingResponse response = ctx.callIot("DescribeThing", c -> c.describeThing(r -> r.thingName(thingName)));
        ctx.printer().print(response, ThingTables::describe);
        return ExitCodes.OK;
    }
}
