package dev.underpass.cli.keys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code underpass keys …}: the server's access keys (Underpass's own REST routes {@code /keys}, signed like every
 * other call). A created key's secret is printed once; a revoked key is refused from the next request on.
 */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke the server's access keys.",
        subcommands = {CreateKeyCommand.class, ListKeysCommand.class, RevokeKeyCommand.class})
public final class KeysCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, list or revoke");
    }
}
