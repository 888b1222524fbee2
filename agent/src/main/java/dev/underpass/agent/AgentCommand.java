package dev.underpass.agent;

import dev.underpass.agent.config.AgentConfig;
import dev.underpass.agent.config.AgentConfigFile;
import dev.underpass.agent.config.InvalidConfigException;
import dev.underpass.localproxy.cli.Verbosity;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code underpass agent --config FILE}: runs the device agent until the process is stopped (SIGTERM or Ctrl-C, which
 * stop every proxy first). A config that cannot be used is reported, every problem on its own line, with exit code
 * {@value #USAGE}.
 */
@Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = AgentCommand.Version.class,
        description = {"Runs the device agent: receives tunnel notifications over MQTT (mutual TLS) and starts a "
            + "destination local proxy for each tunnel."},
        footer = {"", "The config file is 'key = value' lines; see the agent's README for every key and an example.",
            "Exit codes: 2 usage or config error; stopped by SIGTERM or Ctrl-C: 143 or 130, as",
            "  any JVM, after every proxy has stopped."})
public final class AgentCommand implements Callable<Integer> {
    /** Bad flags or config, as the local proxy's exit code 2. */
    public static final int USAGE = 2;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The agent's config file.")
    Path configFile;
    @Option(names = {"-v", "--verbose"}, paramLabel = "LEVEL",
            description = "0 off, 1 fatal, 2 error, 3 warning, 4 info (default), 5 debug, 6 trace.")
    Integer verbose;

    @Spec
    CommandSpec spec;

    private final CountDownLatch stop = new CountDownLatch(1);

    /** A command line whose usage errors print one line each and exit {@value #USAGE}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new AgentCommand());
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("agent: " + ex.getMessage());
            err.println("Try 'agent --help' for more information.");
            err.flush();
            return USAGE;
        });
        return cl;
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        AgentConfig config;
        try {
            config = AgentConfigFile.load(configFile);
        } catch (InvalidConfigException e) {
            return usage(err, "config file " + configFile + " cannot be used:", e.problems());
        }
        if (verbose != null) {
            Verbosity.apply(verbose);
        }
        Agent agent;
        try {
            agent = Agent.start(config);
        } catch (IllegalArgumentException e) {
            return usage(err, "cannot start:", List.of(e.getMessage().split("; ")));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stop.countDown();
        }, "agent-shutdown"));
        stop.await(); // until the JVM shuts down; the hook has closed the agent by then
        return 0;
    }

    private static int usage(PrintWriter err, String headline, List<String> problems) {
        err.println("agent: " + headline);
        problems.forEach(p -> err.println("  - " + p));
        err.flush();
        return USAGE;
    }

    /** The version from the jar manifest ({@code dev} when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentCommand.class.getPackage().getImplementationVersion();
            return new String[] {"underpass agent " + (v == null ? "dev" : v)};
        }
    }
}
