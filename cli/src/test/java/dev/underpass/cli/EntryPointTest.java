package dev.underpass.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.cli.testing.Cli;
import dev.underpass.cli.testing.CliResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entry point without a server: help, usage errors, credentials and where global options may go. */
class EntryPointTest {
    private static final Map<String, String> KEYS = Map.of("AWS_ACCESS_KEY_ID", "AKTEST",
            "AWS_SECRET_ACCESS_KEY", "secretsecretsecretsecretsecretsecret0000");

    @TempDir
    Path home;

    @Test
    void everyCommandsHelpListsTheExitCodes() {
        for (String[] args : new String[][] {{"--help"}, {"tunnels", "--help"}, {"tunnels", "open", "--help"},
                {"tunnels", "close", "-h"}, {"things", "--help"}, {"things", "create", "--help"}}) {
            CliResult help = new Cli(Map.of(), home).run(args);

            assertThat(help.exitCode()).isZero();
            assertThat(help.out()).contains("Exit codes:")
                    .contains("  0   Success.")
                    .contains("  1   The service returned an error")
                    .contains("  2   Usage error")
                    .contains("  3   Cannot connect to the endpoint, or TLS failed (see --ca-bundle).")
                    .contains("  4   No credentials found")
                    .contains("  5   open --connect");
        }
    }

    @Test
    void theGlobalOptionsAreListedOnEverySubcommand() {
        CliResult help = new Cli(Map.of(), home).run("tunnels", "list", "--help");

        assertThat(help.out()).contains("--endpoint-url=URL", "--ca-bundle=FILE", "--region=REGION",
                "--profile=NAME", "--output=FORMAT", "--thing-name=NAME", "--max-results=N", "--next-token=TOKEN");
    }

    @Test
    void anUnknownOptionIsAUsageErrorPointingToHelp() {
        CliResult result = new Cli(KEYS, home).run("tunnels", "list", "--thing", "x");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).startsWith("underpass: error: Unknown options: '--thing', 'x'")
                .endsWith("See 'underpass tunnels list --help'.\n");
    }

    @Test
    void aMissingCommandOrSubcommandIsAUsageError() {
        assertThat(new Cli(KEYS, home).run().exitCode()).isEqualTo(ExitCodes.USAGE);
        CliResult tunnels = new Cli(KEYS, home).run("tunnels");
        assertThat(tunnels.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(tunnels.err()).contains("Missing subcommand: open, list, describe, close, rotate or audit");
    }

    @Test
    void badShorthandIsAUsageErrorNamingTheTokenWithAnExample() {
        CliResult result = new Cli(KEYS, home).run("tunnels", "open", "--destination-config", "thing=T,services=ssh");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("Invalid value for option '--destination-config'")
                .contains("unknown key 'thing' in 'thing=T,services=ssh'")
                .contains("Example: --destination-config thingName=MyDevice,services=ssh,web");
    }

    @Test
    void aBadOutputFormatIsAUsageError() {
        CliResult result = new Cli(KEYS, home).run("tunnels", "list", "--output", "yaml");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).contains("expected one of [JSON, TABLE]");
    }

    @Test
    void missingCredentialsExitFourSayingWhereTheyWereLookedFor() {
        CliResult result = new Cli(Map.of(), home).run("tunnels", "list");

        assertThat(result.exitCode()).isEqualTo(ExitCodes.CREDENTIALS);
        assertThat(result.err()).startsWith("Unable to locate credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY "
                + "are not set").contains(home.resolve(".aws").resolve("credentials").toString());
    }

    @Test
    void globalOptionsWorkBeforeAndAfterTheSubcommand() throws IOException {
        String endpoint = "https://127.0.0.1:" + closedPort();

        CliResult before = new Cli(KEYS, home).run("--endpoint-url", endpoint, "tunnels", "list");
        CliResult after = new Cli(KEYS, home).run("tunnels", "list", "--endpoint-url", endpoint);

        assertThat(before.exitCode()).isEqualTo(ExitCodes.CONNECTION);
        assertThat(before.err()).contains("\"" + endpoint + "/\"").contains("came from --endpoint-url");
        assertThat(after.err()).isEqualTo(before.err());
    }

    @Test
    void anUnreadableCaBundleIsAUsageErrorNamingTheFile() {
        Path missing = home.resolve("nope.pem");

        CliResult result = new Cli(KEYS, home).run("tunnels", "list", "--ca-bundle", missing.toString());

        assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(result.err()).startsWith("Cannot use CA bundle " + missing + ": no such file.");
    }

    @Test
    void theVersionIsPrinted() {
        CliResult result = new Cli(Map.of(), home).run("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("underpass ");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
