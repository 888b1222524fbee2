package dev.underpass.demo;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * The commands a person can type while the demo runs — with the demo's real ports, files and tunnel id, quoted for
 * the shell, so they can be pasted as printed.
 *
 * @param launcher        how to run Underpass's commands ({@code ./underpass}, {@code bin/underpass})
 * @param endpoint        the server's URL
 * @param caFile          the CA the server's certificate is signed by
 * @param credentialsFile the server's admin credentials (AWS shared-credentials format)
 * @param thingName       the demo thing
 * @param tunnelId        the demo tunnel
 * @param httpPort        the operator-side port of the web service
 * @param sshPort         the operator-side port of SSH, when the tunnel carries it
 * @param user            the user name to suggest for ssh
 */
record Instructions(String launcher, URI endpoint, Path caFile, Path credentialsFile, String thingName, String tunnelId,
        int httpPort, OptionalInt sshPort, String user) {

    List<String> lines() {
        String global = " --endpoint-url " + endpoint + " --ca-bundle " + ShellWords.quote(caFile.toString());
        String cli = ShellWords.quote(launcher) + " tunnels" + global;
        List<String> lines = new ArrayList<>();
        lines.add("Try it yourself, in another terminal, while the demo runs:");
        lines.add("");
        lines.add("  curl http://localhost:" + httpPort + "/");
        sshPort.ifPresent(port -> lines.add("  ssh -p " + port + " " + ShellWords.quote(user) + "@localhost"));
        lines.add("");
        lines.add("The tunnel, its audit trail and the thing as the control API shows them (the demo server's CA and");
        lines.add("admin credentials):");
        lines.add("");
        lines.add("  export AWS_SHARED_CREDENTIALS_FILE=" + ShellWords.quote(credentialsFile.toString()));
        lines.add("  " + cli + " describe --tunnel-id " + tunnelId + " --output table");
        lines.add("  " + cli + " audit " + tunnelId + " --output table");
        lines.add("  " + ShellWords.quote(launcher) + " things" + global + " describe " + thingName + " --output table");
        lines.add("");
        lines.add("Closing the tunnel ends the demo too:");
        lines.add("");
        lines.add("  " + cli + " close --tunnel-id " + tunnelId);
        return lines;
    }
}
