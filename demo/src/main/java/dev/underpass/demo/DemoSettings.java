package dev.underpass.demo;

import dev.underpass.localproxy.HostPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What one demo run uses, validated on construction: a bad value fails with an {@link IllegalArgumentException}
 * naming every problem.
 *
 * @param dataDir        the server's data directory (database, CA, credentials); kept between runs
 * @param serverPort     the server's port on loopback; 0 picks a free one
 * @param httpPort       the operator-side port of the demo web service; 0 picks a free one
 * @param sshPort        the operator-side port of the SSH service; 0 picks a free one
 * @param thingName      the thing the tunnel is opened for
 * @param ssh            where the device side finds an SSH server: {@link SshChoice}
 * @param exitAfterCheck stop as soon as the request went through, instead of running until stopped
 * @param watchStdin     stop at the end of standard input (Ctrl-D), besides Ctrl-C and SIGTERM
 * @param launcher       how the person started us, for the commands we print ({@code ./underpass})
 */
public record DemoSettings(Path dataDir, int serverPort, int httpPort, int sshPort, String thingName, SshChoice ssh,
        boolean exitAfterCheck, boolean watchStdin, String launcher) {

    public static final String DEFAULT_DATA_DIR = "data-demo";
    public static final String DEFAULT_THING_NAME = "demo-thing";
    public static final String DEFAULT_LAUNCHER = "underpass";
    /** AWS IoT's thing-name pattern. */
    private static final Pattern THING_NAME = Pattern.compile("[a-zA-Z0-9:_-]{1,128}");

    public DemoSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(ssh, "ssh");
        launcher = launcher == null || launcher.isBlank() ? DEFAULT_LAUNCHER : launcher;
        List<String> problems = new ArrayList<>();
        checkPort("--port", serverPort, problems);
        checkPort("--http-port", httpPort, problems);
        checkPort("--ssh-port", sshPort, problems);
        if (thingName == null || !THING_NAME.matcher(thingName).matches()) {
            problems.add("thing name '" + thingName + "' must be 1 to 128 characters of a-z, A-Z, 0-9, ':', '_' and '-'");
        }
        if (httpPort != 0 && httpPort == sshPort) {
            problems.add("--http-port and --ssh-port are both " + httpPort + ": give two different ports (or 0)");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    private static void checkPort(String option, int port, List<String> problems) {
        if (port < 0 || port > 65_535) {
            problems.add(option + " " + port + " is not between 0 and 65535");
        }
    }

    /**
     * Whether the tunnel carries SSH too: {@code auto} maps it when an SSH server answers on localhost:22,
     * {@code off} never, an address always.
     *
     * @param auto    probe localhost:22
     * @param address the SSH server to map, or null ({@code off}, or {@code auto})
     */
    public record SshChoice(boolean auto, HostPort address) {
        public static final SshChoice AUTO = new SshChoice(true, null);
        public static final SshChoice OFF = new SshChoice(false, null);
        static final HostPort LOCAL_SSH = new HostPort("127.0.0.1", 22);

        /**
         * Parses {@code auto}, {@code off} or {@code host[:port]} (port 22 when none).
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public static SshChoice parse(String value) {
            String v = value == null ? "" : value.trim();
            return switch (v) {
                case "auto" -> AUTO;
                case "off" -> OFF;
                default -> {
                    try {
                        yield new SshChoice(false, HostPort.parse(v, 22));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("--ssh '" + v + "': give auto, off or host[:port] ("
                                + e.getMessage() + ")");
                    }
                }
            };
        }
    }
}
