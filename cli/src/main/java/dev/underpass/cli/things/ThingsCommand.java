package dev.underpass.cli.things;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code underpass things …}: the thing registry over AWS IoT's API, one subcommand per task. */
@Command(name = "things", mixinStandardHelpOptions = true,
        description = "Register things (devices) with certificates from the server's device CA; list, describe and"
                + " delete them; activate and deactivate certificates.",
        subcommands = {CreateThingCommand.class, ListThingsCommand.class, DescribeThingCommand.class,
                DeleteThingCommand.class, CertificateStatusCommand.Deactivate.class,
                CertificateStatusCommand.Activate.class})
public final class ThingsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: create, list, describe, delete,"
                + " deactivate-certificate or activate-certificate");
    }
}
