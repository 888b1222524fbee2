package dev.underpass.cli.things;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;

/** {@code things list}: one page of ListThings in name order; pass the printed nextToken to get the next. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists things (ListThings) in name order, one page per call.",
                "When the output has a nextToken, pass it with --next-token for the next page."})
final class ListThingsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--max-results", paramLabel = "N", description = "At most N things (1-250, default 50).")
    private Integer maxResults;

    @Option(names = "--next-token", paramLabel = "TOKEN", description = "The nextToken of the previous page.")
    private String nextToken;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ListThingsResponse response = ctx.callIot("ListThings",
                c -> c.listThings(r -> r.maxResults(maxResults).nextToken(nextToken)));
        ctx.printer().print(response, ThingTables::list);
        return ExitCodes.OK;
    }
}
