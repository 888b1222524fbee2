package dev.underpass.e2e.support;

import dev.underpass.protocol.testing.ProcessOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of our programs as a separate OS process ({@code java -cp <the test class path> MainClass args}), with its
 * output captured line by line (and copied to {@code target/e2e-processes/NAME.log}) and its exit code as a future.
 * The class path is the one under test, so the process runs exactly the code this build compiled.
 */
public final class JavaProcess implements AutoCloseable {
    private static final Path LOG_DIR = Path.of("target", "e2e-processes");

    private final String name;
    private final Process process;
    private final ProcessOutput output;
    private final CompletableFuture<Integer> exit;

    private JavaProcess(String name, Process process) throws IOException {
        this.name = name;
        this.process = process;
        this.output = ProcessOutput.pump(name, process, LOG_DIR.resolve(name + ".log"));
        this.exit = process.onExit().thenApply(Process::exitValue);
    }

    /**
     * JVM options for a process that starts fast and carries little data: C1 only, a small heap, and Netty's leak
     * detector at paranoid level, so that any lost buffer shows up as a {@code LEAK:} line in its output.
     */
    public static final List<String> QUICK = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dio.netty.leakDetection.level=paranoid");

    /**
     * JVM options for a process that carries bulk data: full JIT, and the leak detector at advanced level (sampled;
     * paranoid tracking of every buffer access makes WebSocket masking tens of times slower).
     */
    public static final List<String> BULK = List.of("-Xmx512m", "-Dio.netty.leakDetection.level=advanced");

    /** Starts {@code mainClass} with {@link #QUICK} options. */
    public static JavaProcess start(String name, String mainClass, List<String> args, Map<String, String> env)
            throws IOException {
        return start(name, QUICK, mainClass, args, env);
    }

    /** Starts {@code mainClass} with the given JVM options and environment changes (a null value removes). */
    public static JavaProcess start(String name, List<String> jvmOptions, String mainClass, List<String> args,
            Map<String, String> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        env.forEach((variable, value) -> {
            if (value == null) {
                builder.environment().remove(variable);
            } else {
                builder.environment().put(variable, value);
            }
        });
        return new JavaProcess(name, builder.start());
    }

    /** Lines reporting a Netty buffer leak, which no process of ours may print. */
    public List<String> leakReports() {
        return output.lines().stream().filter(l -> l.contains("LEAK:")).toList();
    }

    /** Waits for an output line matching the pattern and returns its match; fails if the output ends first. */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        return output.awaitLine(pattern, timeout);
    }

    /** Completes with the exit code when the process ends. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The operating system's process id, for jcmd and /proc. */
    public long pid() {
        return process.pid();
    }

    /** Kills the process at once (SIGKILL: no shutdown hook runs, nothing is flushed) and waits until it is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " still runs 30 s after SIGKILL");
        }
    }

    /** Everything printed so far. */
    public String output() {
        return output.text();
    }

    /** Asks the process to stop (SIGTERM, so that shutdown hooks run) and waits for it. */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        return process.exitValue();
    }

    /** Stops the process if it still runs; interruption is passed on, never swallowed. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                stop(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public String toString() {
        return name + (process.isAlive() ? " (running)" : " (exited " + process.exitValue() + ")");
    }
}
