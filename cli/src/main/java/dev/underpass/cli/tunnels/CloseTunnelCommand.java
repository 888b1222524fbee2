package dev.underpass.cli.tunnels;

import dev.underpass.cli.CliContext;
import dev.underpass.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.iotsecuretunneling.model.CloseTunnelResponse;

/** {@code tunnels close}: CloseTunnel; prints nothing on success, as the AWS CLI. */
@Command(name = "close", mixinStandardHelpOptions = true,
        description = {"Closes a tunnel (CloseTunnel): both sides are disconnected and it cannot be reopened.",
                "Prints nothing on success."})
final class CloseTunnelCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Option(names = "--tunnel-id", required = true, paramLabel = "ID", description = "The tunnel's id.")
    private String tunnelId;

    @Option(names = "--delete", negatable = true,
            description = "Also delete it at once, instead of keeping it visible as CLOSED for a while.")
    private Boolean delete;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        CloseTunnelResponse response = ctx.call("CloseTunnel",
                c -> c.closeTunnel(r -> r.tunnelId(tunnelId).delete(delete)));
        ctx.printer().print(response, r -> "");
        return ExitCodes.OK;
    }
}
