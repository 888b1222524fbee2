package dev.underpass.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording of one process for the report: where the sampled CPU time went (the top frames of
 * {@code jdk.ExecutionSample} and of {@code jdk.NativeMethodSample} without threads waiting in epoll and the like,
 * and the same samples grouped into a few coarse kinds of work), plus GC and allocation totals. Native samples
 * matter: with OpenSSL, encryption and socket calls run in native code. run.sh records with both events at the same
 * period. Optionally, the share of samples with a given method anywhere on the stack (inclusive time), for the
 * methods named after TOP. Run as {@code JfrTop FILE LABEL OUT.md [TOP [METHOD...]]}.
 */
public final class JfrTop {
    /** Coarse kinds of work, matched on the sampled top frame (first match wins). */
    private static final List<String[]> KINDS = List.of(
            new String[] {"TLS and crypto", "sun.security.ssl.", "com.sun.crypto.", "sun.security.", "javax.crypto.",
                    "io.netty.handler.ssl.", "io.netty.internal.tcnative.", "java.security.", "com.sun.crypto"},
            new String[] {"socket I/O (syscalls)", "sun.nio.ch.", "io.netty.channel.epoll.", "io.netty.channel.nio.",
                    "io.netty.channel.unix.", "java.net.", "java.io.FileDescriptor"},
            new String[] {"WebSocket codec", "io.netty.handler.codec.http.websocketx."},
            new String[] {"tunnel protocol (Underpass)", "dev.underpass.protocol.", "com.google.protobuf."},
            new String[] {"database (H2, PostgreSQL driver, pool)", "org.h2.", "org.postgresql.", "com.zaxxer.",
                    "org.flywaydb."},
            new String[] {"JSON", "com.fasterxml."},
            new String[] {"Underpass code", "dev.underpass."},
            new String[] {"byte copies and buffers", "io.netty.buffer.", "jdk.internal.misc.Unsafe.copy",
                    "java.nio.", "io.netty.util.internal.PlatformDependent"},
            new String[] {"Netty pipeline and event loop", "io.netty."},
            new String[] {"JDK / other", ""});
    /** Events that say a thread waited, and for how long. */
    private static final List<String> BLOCKING = List.of("jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.FileForce",
            "jdk.FileWrite", "jdk.FileRead", "jdk.SocketRead", "jdk.SocketWrite");
    /** First own frames of threads that wait for work, not in it. */
    private static final List<String> IDLE_WAITERS = List.of("(JDK only)", "?",
            "io.netty.util.concurrent.FastThreadLocalRunnable.run");
    /** Native frames a thread sits in while it waits: not CPU time, left out of the shares. */
    private static final List<String> WAITING = List.of("sun.nio.ch.EPoll.wait",
            "io.netty.channel.epoll.Native.epollWait",
            "sun.nio.ch.Net.poll", "sun.nio.ch.Net.accept", "java.lang.Thread.sleep", "jdk.internal.misc.Unsafe.park",
            "java.lang.Object.wait", "java.io.FileInputStream.read", "java.lang.ProcessHandleImpl.waitForProcessExit");

    private JfrTop() {
    }

    public static void main(String[] argv) throws IOException {
        if (argv.length < 3) {
            System.err.println("usage: JfrTop RECORDING.jfr LABEL OUT.md [TOP [METHOD...]]");
            System.exit(2);
        }
        int top = argv.length > 3 ? Integer.parseInt(argv[3]) : 10;
        List<String> inclusive = argv.length > 4 ? List.of(argv).subList(4, argv.length) : List.of();
        summarise(Path.of(argv[0]), argv[1], Path.of(argv[2]), top, inclusive);
    }

    /** {@code inclusive}: substrings of {@code Class.method} names whose inclusive share is reported. */
    static void summarise(Path recording, String label, Path out, int top, List<String> inclusive)
            throws IOException {
        Map<String, Integer> onStack = new LinkedHashMap<>();
        inclusive.forEach(m -> onStack.put(m, 0));
        Map<String, Integer> frames = new HashMap<>();
        Map<String, Integer> kinds = new LinkedHashMap<>();
        KINDS.forEach(k -> kinds.put(k[0], 0));
        Map<String, Double> allocations = new HashMap<>();
        Map<String, double[]> blocked = new LinkedHashMap<>();
        Map<String, Map<String, Double>> blockedWhere = new HashMap<>();
        int samples = 0;
        int gcs = 0;
        double gcPauseMs = 0;
        double allocatedMb = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(recording)) {
            String type = e.getEventType().getName();
            if (type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample")) {
                RecordedStackTrace stack = e.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                RecordedFrame frame = stack.getFrames().get(0);
                String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
                if (WAITING.stream().anyMatch(name::startsWith)) {
                    continue;
                }
                frames.merge(name, 1, Integer::sum);
                kinds.merge(kindOf(name), 1, Integer::sum);
                samples++;
                for (String m : inclusive) {
                    if (stack.getFrames().stream().anyMatch(f -> (f.getMethod().getType().getName() + "."
                            + f.getMethod().getName()).contains(m))) {
                        onStack.merge(m, 1, Integer::sum);
                    }
                }
            } else if (type.equals("jdk.GarbageCollection")) {
                gcs++;
                gcPauseMs += e.getDuration("sumOfPauses").toNanos() / 1e6;
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                double mb = e.getLong("weight") / 1e6;
                allocatedMb += mb;
                allocations.merge(e.getClass("objectClass").getName() + " in " + allocationSite(e), mb, Double::sum);
            } else if (BLOCKING.contains(type) && !IDLE_WAITERS.contains(firstOwnFrame(e))) {
                // (stacks of JDK frames only, or of a thread's run method, are idle threads waiting for work)
                double ms = e.getDuration().toNanos() / 1e6;
                double[] sum = blocked.computeIfAbsent(type, k -> new double[2]);
                sum[0]++;
                sum[1] += ms;
                blockedWhere.computeIfAbsent(type, k -> new HashMap<>()).merge(firstOwnFrame(e), ms, Double::sum);
            }
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.printf(Locale.ROOT, "**%s**: %d CPU samples; %d GCs, %.0f ms of pauses; about %.0f MB allocated.%n%n",
                    label, samples, gcs, gcPauseMs, allocatedMb);
            if (samples == 0) {
                return;
            }
            w.println("| kind of work (top frame) | share |");
            w.println("|---|---:|");
            int total = samples;
            kinds.forEach((k, n) -> {
                if (n > 0) {
                    w.printf(Locale.ROOT, "| %s | %.0f%% |%n", k, 100.0 * n / total);
                }
            });
            w.println();
            if (!onStack.isEmpty()) {
                w.println("| on the stack (inclusive) | share |");
                w.println("|---|---:|");
                onStack.forEach((m, n) -> w.printf(Locale.ROOT, "| `%s` | %.0f%% |%n", m, 100.0 * n / total));
                w.println();
            }
            w.println("| top frame | share |");
            w.println("|---|---:|");
            frames.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(top).forEach(
                    f -> w.printf(Locale.ROOT, "| `%s` | %.1f%% |%n", f.getKey(), 100.0 * f.getValue() / total));
            w.println();
            if (allocatedMb > 0) {
                w.println("| allocated (JFR allocation samples, weight is an estimate) | share |");
                w.println("|---|---:|");
                double all = allocatedMb;
                allocations.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(3)
                        .forEach(a -> w.printf(Locale.ROOT, "| `%s` | %.0f%% |%n", a.getKey(),
                                100 * a.getValue() / all));
                w.println();
            }
            if (!blocked.isEmpty()) {
                w.println("| waiting (JFR events over their threshold) | count | total ms | mostly in |");
                w.println("|---|---:|---:|---|");
                blocked.forEach((type, sum) -> {
                    String where = blockedWhere.get(type).entrySet().stream()
                            .max((a, b) -> Double.compare(a.getValue(), b.getValue())).map(Map.Entry::getKey)
                            .orElse("?");
                    w.printf(Locale.ROOT, "| %s | %.0f | %.0f | `%s` |%n", type.substring(4), sum[0], sum[1], where);
                });
                w.println();
            }
        }
    }

    /** Where an allocation happened: the first frame outside the JDK, and the Underpass frame that led there. */
    private static String allocationSite(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null) {
            return "?";
        }
        String site = null;
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (site == null && !type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                site = shortName(f);
            }
            if (type.startsWith("dev.underpass.")) {
                return site.equals(shortName(f)) ? site : site + " ← … " + shortName(f);
            }
        }
        return site == null ? "(JDK only)" : site;
    }

    private static String shortName(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    /** The first frame of an event's stack outside the JDK: who waited. */
    private static String firstOwnFrame(RecordedEvent e) {
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null) {
            return "?";
        }
        for (RecordedFrame f : stack.getFrames()) {
            String type = f.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type + "." + f.getMethod().getName();
            }
        }
        return "(JDK only)";
    }

    private static String kindOf(String frame) {
        for (String[] kind : KINDS) {
            for (int i = 1; i < kind.length; i++) {
                if (frame.startsWith(kind[i])) {
                    return kind[0];
                }
            }
        }
        return "JDK / other";
    }
}
