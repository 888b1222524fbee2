package dev.underpass.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks another JVM about its heap through {@code jcmd}, the way an operator would. */
final class JvmProbe {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private JvmProbe() {
    }

    /** Runs a full GC in the JVM, then returns its heap in use, in kB (every generation, without metaspace). */
    static long heapUsedAfterGcKb(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        return heapUsedKb(jcmd(pid, "GC.heap_info"));
    }

    /** The heap in use from {@code GC.heap_info}: the sum of every generation's "used", without metaspace. */
    static long heapUsedKb(String info) throws IOException {
        int metaspace = info.indexOf("Metaspace");
        Matcher m = USED.matcher(metaspace < 0 ? info : info.substring(0, metaspace));
        long kb = 0;
        boolean found = false;
        while (m.find()) {
            kb += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IOException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return kb;
    }

    static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
