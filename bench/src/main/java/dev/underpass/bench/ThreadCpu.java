package dev.underpass.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time per thread of a few processes over one test, from {@code /proc/PID/task/TID/stat}, grouped by thread
 * name with the numbers blanked ({@code underpass-io-3-1} and {@code underpass-io-3-2} count as
 * {@code underpass-io-#-#}). Unlike a sampling profiler it misses nothing, and it tells event loops from GC, JIT
 * compiler and other JVM threads.
 */
final class ThreadCpu {
    private final Map<String, Long> processes;
    private final Map<String, Map<Long, String>> names = new LinkedHashMap<>();
    private final Map<String, Map<Long, Long>> before = new LinkedHashMap<>();

    /** Takes the first snapshot of {@code label -> pid} now. */
    ThreadCpu(Map<String, Long> processes) {
        this.processes = processes;
        processes.forEach((label, pid) -> before.put(label, threads(pid, names.computeIfAbsent(label,
                k -> new HashMap<>()))));
    }

    /** Takes the second snapshot and writes one table per process. */
    void write(Path out, String title) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println(title);
            w.println();
            w.println("| process | thread (group) | CPU s | share of the process |");
            w.println("|---|---|---:|---:|");
            processes.forEach((label, pid) -> {
                Map<Long, String> threadNames = names.get(label);
                Map<Long, Long> after = threads(pid, threadNames);
                Map<String, Long> groups = new HashMap<>();
                Map<Long, Long> was = before.get(label);
                after.forEach((tid, ticks) -> groups.merge(threadNames.get(tid).replaceAll("[0-9]+", "#"),
                        ticks - was.getOrDefault(tid, 0L), Long::sum));
                long total = groups.values().stream().mapToLong(Long::longValue).sum();
                groups.entrySet().stream().filter(g -> g.getValue() > 0)
                        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(6)
                        .forEach(g -> w.printf(Locale.ROOT, "| %s | `%s` | %.2f | %.0f%% |%n", label, g.getKey(),
                                g.getValue() / ProcStats.TICKS_PER_SECOND, 100.0 * g.getValue() / Math.max(1, total)));
            });
            w.println();
        }
    }

    /** Ticks per thread id now; remembers the thread names. */
    private static Map<Long, Long> threads(long pid, Map<Long, String> names) {
        Map<Long, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    long tid = Long.parseLong(task.getFileName().toString());
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    names.putIfAbsent(tid, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
                    ticks.put(tid, Long.parseLong(f[11]) + Long.parseLong(f[12]));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // the process is gone: nothing to count
        }
        return ticks;
    }
}
