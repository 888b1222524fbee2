package dev.underpass.cli.tunnels;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code underpass tunnels …}: the AWS IoT Secure Tunneling API's tunnel operations, one subcommand each. */
@Command(name = "tunnels", mixinStandardHelpOptions = true,
        description = "Open, list, describe, close tunnels, rotate their access tokens, show their audit trail.",
        subcommands = {OpenTunnelCommand.class, ListTunnelsCommand.class, DescribeTunnelCommand.class,
                CloseTunnelCommand.class, RotateAccessTokenCommand.class, AuditTunnelCommand.class})
public final class TunnelsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "Missing subcommand: open, list, describe, close, rotate or audit");
    }
}
