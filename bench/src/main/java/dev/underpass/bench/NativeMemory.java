package dev.underpass.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a JVM's resident memory goes: the committed memory per category of Native Memory Tracking ({@code jcmd
 * VM.native_memory summary}; the JVM must run with {@code -XX:NativeMemoryTracking=summary}) next to its resident
 * memory. What NMT does not see is mostly malloc by native libraries (BoringSSL of netty-tcnative) and glibc's
 * per-thread arenas. Run as {@code NativeMemory LABEL PID OUT.md}.
 */
public final class NativeMemory {
    private static final Pattern CATEGORY = Pattern.compile("^-\\s+(.+?) \\(reserved=(\\d+)KB, committed=(\\d+)KB\\)");
    private static final Pattern TOTAL = Pattern.compile("^Total: reserved=(\\d+)KB, committed=(\\d+)KB");

    private NativeMemory() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length != 3) {
            System.err.println("usage: NativeMemory LABEL PID OUT.md");
            System.exit(2);
        }
        String label = argv[0];
        long pid = Long.parseLong(argv[1]);
        String nmt = JvmProbe.jcmd(pid, "VM.native_memory summary");
        List<String[]> rows = new ArrayList<>();
        long total = -1;
        for (String line : nmt.split("\n")) {
            Matcher c = CATEGORY.matcher(line.trim().startsWith("-") ? line.trim() : "");
            Matcher t = TOTAL.matcher(line.trim());
            if (c.find() && Long.parseLong(c.group(3)) >= 512) {
                rows.add(new String[] {c.group(1).trim(), c.group(3)});
            } else if (t.find()) {
                total = Long.parseLong(t.group(2));
            }
        }
        rows.sort((a, b) -> Long.compare(Long.parseLong(b[1]), Long.parseLong(a[1])));
        long rss = ProcStats.statusKb(pid, "VmRSS");
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(Path.of(argv[2])))) {
            w.printf(Locale.ROOT, "**%s**: resident %s now, %s at peak; NMT committed %s in total.%n%n", label,
                    mib(rss), mib(ProcStats.statusKb(pid, "VmHWM")), mib(total));
            w.println("| NMT category | committed |");
            w.println("|---|---:|");
            for (String[] r : rows) {
                w.printf(Locale.ROOT, "| %s | %s |%n", r[0], mib(Long.parseLong(r[1])));
            }
            if (total > 0 && rss > 0) {
                w.printf(Locale.ROOT, "| *resident but not tracked by NMT (native libraries' malloc, arenas)* | "
                        + "≈ %s |%n", mib(Math.max(0, rss - total)));
            }
            w.println();
        }
    }

    private static String mib(long kb) {
        return kb < 0 ? "?" : String.format(Locale.ROOT, "%.1f MiB", kb / 1024.0);
    }
}
