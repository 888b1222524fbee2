package dev.underpass.demo;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code underpass demo}: starts a {@link Demo}, prints the commands a person can type, and runs until Ctrl-C,
 * SIGTERM, the end of standard input or the tunnel's close; then stops everything and exits 0. Exit 1 when a step
 * fails (the message names it), 2 for bad options.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the server, a device with a small web service and an operator in this one process, opens "
                + "a tunnel, shows a request going through it, and keeps running so you can try it yourself.",
                "Stops on Ctrl-C, SIGTERM or the end of input (Ctrl-D): the tunnel is closed and everything stops."})
public final class DemoCommand implements Callable<Integer> {
    static final String STOPPED = "Demo stopped.";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = DemoSettings.DEFAULT_DATA_DIR,
            description = "The server's data directory: database, CA, admin keys; kept between runs "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "The server's port on 127.0.0.1 (default: a free one).")
    int port;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "0",
            description = "Where the tunnel's web service is reached on this machine (default: a free port).")
    int httpPort;

    @Option(names = "--ssh-port", paramLabel = "N", defaultValue = "0",
            description = "Where the tunnel's SSH service is reached on this machine (default: a free port).")
    int sshPort;

    @Option(names = "--ssh", paramLabel = "auto|off|HOST[:PORT]", defaultValue = "auto",
            description = "The SSH server the device maps: auto (localhost:22 if an SSH server answers there), off, "
                    + "or an address (default: ${DEFAULT-VALUE}).")
    String ssh;

    @Option(names = "--thing-name", paramLabel = "NAME", defaultValue = DemoSettings.DEFAULT_THING_NAME,
            description = "The demo device's thing name (default: ${DEFAULT-VALUE}).")
    String thingName;

    @Option(names = "--exit-after-check",
            description = "Stop as soon as the request went through the tunnel (for scripts and CI).")
    boolean exitAfterCheck;

    @Option(names = "--ignore-stdin",
            description = "Do not stop at the end of standard input (to run in the background or under nohup).")
    boolean ignoreStdin;

    @Spec
    CommandSpec spec;

    private final PrintStream out;
    private final InputStream in;
    private final Map<String, String> environment;
    private final boolean handleSignals;

    private DemoCommand(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment,
            boolean handleSignals) {
        this.out = out;
        this.in = in;
        this.environment = environment;
        this.handleSignals = handleSignals;
    }

    /**
     * The command line around a command that uses these streams and environment.
     *
     * @param handleSignals whether SIGINT and SIGTERM stop the demo (the process's own entry point), rather than
     *                      ending the JVM as usual (a command run inside another program, e.g. a test)
     */
    static CommandLine commandLine(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment,
            boolean handleSignals) {
        CommandLine cli = new CommandLine(new DemoCommand(out, err, in, environment, handleSignals));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("underpass demo: " + e.getMessage());
            return 1;
        });
        return cli;
    }

    @Override
    public Integer call() throws InterruptedException {
        DemoSettings settings;
        try {
            settings = new DemoSettings(dataDir, port, httpPort, sshPort, thingName, DemoSettings.SshChoice.parse(ssh),
                    exitAfterCheck, !ignoreStdin, environment.get("UNDERPASS_LAUNCHER"));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        StopSignal stop = handleSignals ? new StopSignal().onSignals() : new StopSignal();
        out.println("Underpass demo: server, device and operator in this one process. Ctrl-C stops it.");
        out.println();
        try (Demo demo = Demo.start(settings, out)) {
            if (settings.exitAfterCheck()) {
                stop.trigger("--exit-after-check");
            } else {
                printInstructions(demo);
                if (settings.watchStdin()) {
                    stop.onEndOf(in);
                }
                demo.operatorExit().thenRun(() -> stop.trigger("the tunnel was closed"));
            }
            String why = stop.await();
            out.println();
            out.println("Stopping (" + why + "): closing tunnel " + demo.tunnelId() + " and stopping everything ...");
        }
        out.println(STOPPED);
        return 0;
    }

    private void printInstructions(Demo demo) {
        out.println();
        demo.instructions().lines().forEach(out::println);
        out.println();
        out.println("The demo keeps running. Ctrl-C (or Ctrl-D) stops it: the tunnel is closed and everything stops.");
        out.flush();
    }
}
