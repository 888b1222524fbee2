package dev.underpass.dist;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A command (a launcher script) as a separate OS process, the way a person runs it: stdout and stderr captured line
 * by line (and copied to {@code target/dist-processes/NAME.log}), stdin kept open until {@link #closeStdin()}, the
 * Java home of this test as {@code JAVA_HOME}, and no {@code UNDERPASS_*} variable but those the test gives.
 */
final class ChildProcess implements AutoCloseable {
    private static final Path LOG_DIR = Path.of("target", "dist-processes");

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /** Starts {@code command} in {@code directory} with the environment changes {@code env}. */
    static ChildProcess start(String name, Path directory, Map<String, String> env, List<String> command)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
        // the launchers read UNDERPASS_* variables: only the test's own choices apply
        builder.environment().keySet().removeIf(variable -> variable.startsWith("UNDERPASS_"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(env);
        Files.createDirectories(LOG_DIR);
        ChildProcess child = new ChildProcess(name, builder.start());
        Thread pump = new Thread(child::pump, "output-" + name);
        pump.setDaemon(true);
        pump.start();
        return child;
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(LOG_DIR.resolve(name + ".log"),
                     StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                log.println(line);
            }
        } catch (IOException e) {
            lines.add("[output pump: " + e.getMessage() + "]");
        } finally {
            drained.complete(null);
        }
    }

    /** Waits for a line matching {@code pattern}; fails, showing the output, when the process ends first. */
    Matcher awaitLine(Pattern pattern, Duration timeout) {
        Matcher[] found = new Matcher[1];
        Awaitility.await(name + " prints a line matching " + pattern)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    found[0] = find(pattern);
                    if (found[0] == null && drained.isDone() && (found[0] = find(pattern)) == null) {
                        throw new AssertionError(name + " ended before printing a line matching " + pattern
                                + ":\n" + output());
                    }
                    return found[0] != null;
                });
        return found[0];
    }

    private Matcher find(Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    /** Waits for the process to end on its own and for its output; returns the exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still runs after " + timeout + ":\n" + output());
        }
        drained.orTimeout(10, TimeUnit.SECONDS).join();
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
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
