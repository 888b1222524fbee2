package dev.underpass.e2e.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads what another JVM on this machine holds: heap in use (after a full GC if asked, through {@code jcmd}), threads,
 * resident memory and open file descriptors (from {@code /proc}), and native memory outside the heap (NMT's "Other"
 * category, where direct buffers and Netty's unsafe allocations land; only with
 * {@code -XX:NativeMemoryTracking=summary}). Linux only, like the rest of the suite.
 */
final class ProcessGauges {
    /** One reading of a process. Sizes in bytes; {@code otherNativeBytes} is -1 without native memory tracking. */
    record Reading(long heapUsedBytes, int threads, int openFds, long rssBytes, long otherNativeBytes) {
        @Override
        public String toString() {
            return String.format("heap %.1f MiB, %d threads, %d fds, RSS %.1f MiB, direct/other native %s",
                    heapUsedBytes / 1048576.0, threads, openFds, rssBytes / 1048576.0,
                    otherNativeBytes < 0 ? "n/a" : String.format("%.1f MiB", otherNativeBytes / 1048576.0));
        }
    }

    /** The JVM option {@link #read} needs to report native memory. */
    static final String NATIVE_MEMORY_TRACKING = "-XX:NativeMemoryTracking=summary";

    // "garbage-first heap   total 262144K, used 12345K", "def new generation   total 4928K, used 1234K", ...
    private static final Pattern HEAP_USED = Pattern.compile(
            "^\\s*(garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)\\s+total \\d+K, "
                    + "used (\\d+)K", Pattern.MULTILINE);
    private static final Pattern NMT_OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private ProcessGauges() {
    }

    /** Forces a full GC in the process ({@code jcmd PID GC.run}) and reads it. */
    static Reading afterGc(long pid) {
        jcmd(pid, "GC.run");
        return read(pid);
    }

    static Reading read(long pid) {
        String status = procStatus(pid);
        return new Reading(heapUsed(pid), (int) statusField(status, "Threads"), openFds(pid),
                statusField(status, "VmRSS") * 1024, otherNative(pid));
    }

    private static long heapUsed(long pid) {
        Matcher m = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        long usedKb = 0;
        boolean found = false;
        while (m.find()) {
            usedKb += Long.parseLong(m.group(2));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap usage in jcmd " + pid + " GC.heap_info");
        }
        return usedKb * 1024;
    }

    private static long otherNative(long pid) {
        String summary = jcmd(pid, "VM.native_memory", "summary");
        Matcher m = NMT_OTHER.matcher(summary);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    }

    private static int openFds(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String procStatus(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "status"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A numeric field of /proc/PID/status ("Threads:  23", "VmRSS:  81234 kB"). */
    private static long statusField(String status, String field) {
        Matcher m = Pattern.compile("^" + field + ":\\s+(\\d+)", Pattern.MULTILINE).matcher(status);
        if (!m.find()) {
            throw new IllegalStateException("no " + field + " in /proc status");
        }
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(long pid, String... command) {
        List<String> line = new java.util.ArrayList<>(List.of(JCMD.toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        try {
            Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + String.join(" ", command) + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running jcmd", e);
        }
    }
}
