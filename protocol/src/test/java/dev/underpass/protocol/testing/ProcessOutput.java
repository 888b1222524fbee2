package dev.underpass.protocol.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * The output of a child process (stdout with stderr redirected into it), read line by line on a daemon thread, kept
 * for assertions and copied to a log file, for tests that run our programs as separate processes.
 */
public final class ProcessOutput {
    private final String name;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private ProcessOutput(String name) {
        this.name = name;
    }

    /** Starts reading {@code process}'s output; each line is also written to {@code logFile} (its folder is made). */
    public static ProcessOutput pump(String name, Process process, Path logFile) throws IOException {
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        ProcessOutput output = new ProcessOutput(name);
        Thread pump = new Thread(() -> output.read(process, logFile), "output-" + name);
        pump.setDaemon(true);
        pump.start();
        return output;
    }

    private void read(Process process, Path logFile) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logFile, StandardCharsets.UTF_8), true)) {
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

    /**
     * Waits for a line matching {@code pattern} and returns its match; fails, showing the output, when the output
     * ends (the process closed it or exited) before such a line.
     */
    public Matcher awaitLine(Pattern pattern, Duration timeout) {
        Matcher[] found = new Matcher[1];
        Awaitility.await(name + " prints a line matching " + pattern)
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    found[0] = find(pattern);
                    if (found[0] == null && drained.isDone() && (found[0] = find(pattern)) == null) {
                        throw new AssertionError(name + " ended its output before printing a line matching "
                                + pattern + ":\n" + text());
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

    /** The lines read so far. */
    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** Everything read so far, one line per line. */
    public String text() {
        return String.join("\n", lines);
    }

    /** Completes when the output has ended and every line of it is read. */
    public CompletableFuture<Void> drained() {
        return drained;
    }
}
