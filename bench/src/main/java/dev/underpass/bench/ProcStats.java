package dev.underpass.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What Linux says about a process: CPU time from {@code /proc/PID/stat}, memory from {@code /proc/PID/status}.
 * CPU ticks are USER_HZ, which is 100 on every Linux the bench runs on.
 */
final class ProcStats {
    static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** utime + stime in ticks, or empty when the process is gone. */
    static OptionalLong cpuTicks(long pid) {
        long[] t = userAndSystemTicks(pid);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t[0] + t[1]);
    }

    /** {utime, stime} in ticks, or null when the process is gone. */
    private static long[] userAndSystemTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may contain spaces and parentheses: fields are counted after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])}; // fields 14 and 15 of stat(5)
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * CPU ticks (all, and of them in the kernel), read and write system calls of one process at one moment.
     */
    record Counters(long ticks, long systemTicks, long readCalls, long writeCalls) {
        Counters minus(Counters earlier) {
            return new Counters(ticks - earlier.ticks, systemTicks - earlier.systemTicks,
                    readCalls - earlier.readCalls, writeCalls - earlier.writeCalls);
        }

        Counters plus(Counters other) {
            return new Counters(ticks + other.ticks, systemTicks + other.systemTicks, readCalls + other.readCalls,
                    writeCalls + other.writeCalls);
        }
    }

    static final Counters ZERO = new Counters(0, 0, 0, 0);

    /** The process and all its descendants now, with their counters. */
    static Map<Long, Counters> tree(long pid) {
        Map<Long, Counters> tree = new HashMap<>();
        counters(pid).ifPresent(c -> tree.put(pid, c));
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(
                d -> counters(d.pid()).ifPresent(c -> tree.put(d.pid(), c))));
        return tree;
    }

    private static Optional<Counters> counters(long pid) {
        long[] ticks = userAndSystemTicks(pid);
        if (ticks == null) {
            return Optional.empty();
        }
        long syscr = 0;
        long syscw = 0;
        try {
            // syscr/syscw count read- and write-like system calls (read, recv, write, writev, send, eventfd...).
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("syscr:")) {
                    syscr = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscw:")) {
                    syscw = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not readable: counts stay 0
        }
        return Optional.of(new Counters(ticks[0] + ticks[1], ticks[1], syscr, syscw));
    }

    /** A field of {@code /proc/PID/status} in kB (VmHWM, VmRSS, ...), or -1 when unknown. */
    static long statusKb(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    /** Open file descriptors of a process, or -1 when unknown. */
    static long openFiles(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Busy ticks summed over all CPUs since boot (user, nice, system, irq, softirq, steal), from /proc/stat. */
    static long systemBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
