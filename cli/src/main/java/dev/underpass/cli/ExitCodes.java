package dev.underpass.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exit codes of every {@code underpass} admin command ({@code tunnels}, later {@code things} and {@code keys}).
 * The same list is printed in each command's help footer ({@link #HELP_LIST}).
 *
 * <ul>
 *   <li>{@value #OK}: the operation succeeded (for {@code tunnels open --connect}: the tunnel was closed).</li>
 *   <li>{@value #SERVICE_ERROR}: the service answered with an error; stderr says
 *       {@code An error occurred (ErrorCode) when calling the Operation operation: message}, as the AWS CLI
 *       does. Also an unexpected failure of the CLI itself (a bug; the message says so).</li>
 *   <li>{@value #USAGE}: bad command line: an unknown option, a missing or malformed value (shorthand and JSON
 *       included), an unreadable {@code --ca-bundle}.</li>
 *   <li>{@value #CONNECTION}: the endpoint could not be reached or the TLS handshake failed; stderr names the
 *       endpoint and, for a certificate problem, says to pass the server's CA with {@code --ca-bundle}.</li>
 *   <li>{@value #CREDENTIALS}: no usable credentials; stderr says where they were looked for.</li>
 *   <li>{@value #PROXY_FAILED}: {@code tunnels open --connect}: the local proxy stopped with an error (listen port
 *       in use, handshake refused); the tunnel stays open.</li>
 * </ul>
 */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int SERVICE_ERROR = 1;
    public static final int USAGE = 2;
    public static final int CONNECTION = 3;
    public static final int CREDENTIALS = 4;
    public static final int PROXY_FAILED = 5;

    /** Exit code to one-line description, for the help footer of every command. */
    public static final Map<String, String> HELP_LIST = helpList();

    private ExitCodes() {
    }

    private static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(OK + "", "Success.");
        list.put(SERVICE_ERROR + "", "The service returned an error (message as the AWS CLI prints it).");
        list.put(USAGE + "", "Usage error: bad option or value.");
        list.put(CONNECTION + "", "Cannot connect to the endpoint, or TLS failed (see --ca-bundle).");
        list.put(CREDENTIALS + "", "No credentials found (the message says where they were looked for).");
        list.put(PROXY_FAILED + "", "open --connect: the local proxy stopped with an error.");
        return Collections.unmodifiableMap(list);
    }
}
