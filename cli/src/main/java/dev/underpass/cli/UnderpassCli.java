package dev.underpass.cli;

import dev.underpass.cli.config.CliEnvironment;
import dev.underpass.cli.config.GlobalOptions;
import dev.underpass.cli.keys.KeysCommand;
import dev.underpass.cli.things.ThingsCommand;
import dev.underpass.cli.tunnels.TunnelsCommand;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code underpass tunnels|things|keys …}: the admin command line, in the AWS CLI's manner (global options
 * {@link GlobalOptions}, JSON on stdout in the API's shapes, diagnostics on stderr, {@link ExitCodes}). Each
 * command group is a subcommand class ({@link TunnelsCommand}, {@link ThingsCommand}; keys is added the same way) whose
 * leaves talk to the server through the AWS SDK via {@link CliContext}.
 */
@Command(name = "underpass", mixinStandardHelpOptions = true, versionProvider = UnderpassCli.Version.class,
        description = "Administers an Underpass server with the AWS CLI's conventions.",
        subcommands = {TunnelsCommand.class, ThingsCommand.class, KeysCommand.class, CommandLine.HelpCommand.class})
public final class UnderpassCli implements Runnable {
    private static final String LOGBACK_PROPERTY = "logback.configurationFile";
    private static final String LOGBACK_CONFIG = "underpass-cli-logback.xml";

    @Mixin
    private GlobalOptions options;
    @Spec
    private CommandSpec spec;

    private final CliEnvironment env;
    private final PrintWriter out;
    private final PrintWriter err;
    private CliContext context;

    private UnderpassCli(CliEnvironment env, PrintWriter out, PrintWriter err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /** Runs the command line with the process's environment and streams, and exits with its code. */
    public static void main(String[] args) {
        if (System.getProperty(LOGBACK_PROPERTY) == null) {
            System.setProperty(LOGBACK_PROPERTY, LOGBACK_CONFIG); // before the first logger exists
        }
        System.exit(run(args, CliEnvironment.system(), writer(System.out), writer(System.err)));
    }

    /**
     * Runs one command line to its end: parses, executes, prints the result on {@code out} and diagnostics on
     * {@code err}.
     *
     * @return one of {@link ExitCodes}
     */
    public static int run(String[] args, CliEnvironment env, PrintWriter out, PrintWriter err) {
        UnderpassCli cli = new UnderpassCli(env, out, err);
        try {
            return commandLine(cli).execute(args);
        } finally {
            if (cli.context != null) {
                cli.context.close();
            }
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine(UnderpassCli cli) {
        CommandLine commandLine = new CommandLine(cli)
                .setOut(cli.out)
                .setErr(cli.err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(UnderpassCli::usageError)
                .setExecutionExceptionHandler((e, cmd, parsed) -> failure(e, cmd));
        withExitCodeHelp(commandLine);
        return commandLine;
    }

    CliContext context() {
        if (context == null) {
            context = new CliContext(options, env, out, err);
        }
        return context;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: tunnels, things or keys");
    }

    private static void withExitCodeHelp(CommandLine commandLine) {
        commandLine.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.HELP_LIST);
        commandLine.getSubcommands().values().forEach(UnderpassCli::withExitCodeHelp);
    }

    private static int usageError(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("underpass: error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("See '" + cmd.getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static int failure(Exception e, CommandLine cmd) {
        PrintWriter err = cmd.getErr();
        if (e instanceof CliException cli) {
            err.println(cli.getMessage());
            err.flush();
            return cli.exitCode();
        }
        err.println("Unexpected error (please report it): " + e);
        err.flush();
        return ExitCodes.SERVICE_ERROR;
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, Charset.defaultCharset()), true);
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = UnderpassCli.class.getPackage().getImplementationVersion();
            return new String[] {"underpass " + (version == null ? "(development build)" : version)};
        }
    }
}
