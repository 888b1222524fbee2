package dev.underpass.dist;

import dev.underpass.protocol.testing.ProcessOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A command (a launcher script) as a separate OS process, the way a person runs it: stdout and stderr captured line
 * by line (and copied to {@code target/dist-processes/NAME.log}), stdin kept open until {@link #closeStdin()}, the
 * Java home of this test as {@code JAVA_HOME}, and no {@code UNDERPASS_*} variable but those the test gives.
 */
final class ChildProcess implements AutoCloseable {
    private static final Path LOG_DIR = Path.of("target", "dist-processes");

    private final String name;
    private final Process process;
    private final ProcessOutput output;

    private ChildProcess(String name, Process process) throws IOException {
        this.name = name;
        this.process = process;
        this.output = ProcessOutput.pump(name, process, LOG_DIR.resolve(name + ".log"));
    }

    /** Starts {@code command} in {@code directory} with the environment changes {@code env}. */
    static ChildProcess start(String name, Path directory, Map<String, String> env, List<String> command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // the launchers read UNDERPASS_* variables: only the test's own choices apply
        builder.environment().keySet().removeIf(variable -> variable.startsWith("UNDERPASS_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        return new ChildProcess(name, builder.start());
    }

    /** Waits for a line matching {@code pattern}; fails, showing the output, when the process ends first. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        return output.awaitLine(pattern, timeout);
    }

    /** Waits for the process to end on its own and for its output; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + timeout + ":\n" + output());
        }
        output.drained().orTimeout(10, TimeUnit.SECONDS).join();
        return process.exitValue();
    }

    /**
     * Sends SIGTERM, as {@code kill PID} does. Through the process handle: {@link Process#destroy()} would also close
     * our ends of the pipes, losing what the process prints while it stops (and ending its input).
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Ends standard input (what Ctrl-D does in a terminal). */
    void closeStdin() throws IOException {
        OutputStream in = process.getOutputStream();
        in.close();
    }

    String output() {
        return output.text();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
