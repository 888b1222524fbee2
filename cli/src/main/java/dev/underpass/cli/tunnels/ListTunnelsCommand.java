package dev.underpass.cli.tunnels;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iotsecuretunneling.model.ListTunnelsResponse;

/** {@code tunnels list}: one page of ListTunnels, newest first; pass the printed nextToken to get the next. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"Lists tunnels (ListTunnels), newest first, one page per call.",
                "When the output has a nextToken, pass it with --next-token for the next page."})
final class ListTunnelsCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--thing-name", paramLabel = "NAME", description = "Only tunnels to this thing.")
    private String thingName;

    @Option(names = "--max-results", paramLabel = "N", description = "At most N tunnels (1-100).")
    private Integer maxResults;

    @Option(names = "--next-token", paramLabel = "TOKEN", description = "The nextToken of the previous page.")
    private String nextToken;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ListTunnelsResponse response = ctx.call("ListTunnels",
                c -> c.listTunnels(r -> r.thingName(thingName).maxResults(maxResults).nextToken(nextToken)));
        ctx.printer().print(response, TunnelTables::list);
        return ExitCodes.OK;
    }
}
