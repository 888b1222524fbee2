package dev.underpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Both launchers — the checkout's {@code ./underpass} and the tarball's {@code bin/underpass} — send each command to
 * its program with the JVM flags of {@code conf/jvm/<program>.options} or of its environment variable. Checked with
 * the launchers' dry run, which prints the java command line instead of running it.
 */
@Timeout(120)
class LauncherRoutingTest {
    @TempDir
    static Path installDir;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        home = Installation.unpack(installDir);
    }

    @ParameterizedTest(name = "{0} → {1}, conf/jvm/{3}.options")
    @CsvSource({
            "server,     server/target/underpass-server.jar,         dev.underpass.server.ServerMain,             server",
            "localproxy, localproxy/target/underpass-localproxy.jar, dev.underpass.localproxy.cli.LocalProxyMain, localproxy",
            "tunnels,    cli/target/underpass-cli.jar tunnels,       dev.underpass.cli.UnderpassCli tunnels,      cli",
            "things,     cli/target/underpass-cli.jar things,        dev.underpass.cli.UnderpassCli things,       cli",
            "keys,       cli/target/underpass-cli.jar keys,          dev.underpass.cli.UnderpassCli keys,         cli",
            "agent,      agent/target/underpass-agent.jar,           dev.underpass.agent.AgentMain,               agent",
            "demo,       demo/target/underpass-demo.jar,             dev.underpass.demo.DemoMain,                 demo"})
    void each_command_runs_its_program_with_the_flags_of_its_options_file(String command, String checkoutTarget,
            String installedMain, String program) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String flags = optionsFile(Installation.CHECKOUT.resolve("conf/jvm/" + program + ".options")).stream()
                .map(LauncherRoutingTest::asDryRunQuotes).collect(Collectors.joining(" "));
        assertThat(flags).as("conf/jvm/%s.options names flags", program).isNotBlank();

        assertThat(dryRun(Installation.CHECKOUT.resolve("underpass"), Map.of(), command, "--x", "1"))
                .isEqualTo(java + " " + flags + " -jar " + Installation.CHECKOUT + "/" + checkoutTarget + " --x 1");
        assertThat(dryRun(home.resolve("bin/underpass"), Map.of(), command, "--x", "1"))
                .isEqualTo(java + " " + flags + " -cp " + installedClassPath(command) + " " + installedMain + " --x 1");
    }

    /**
     * The class path bin/underpass gives a command, as its dry run quotes it: the local proxy's own jar (whose manifest
     * names the jars of lib/ it needs), every jar of lib/ for the others.
     */
    private static String installedClassPath(String command) {
        return command.equals("localproxy")
                ? home + "/lib/dev.underpass.underpass-localproxy-" + Installation.VERSION + ".jar"
                : home + "/lib/\\*";
    }

    @Test
    void an_options_file_has_one_flag_per_line_and_comment_lines() throws Exception {
        Path options = home.resolve("conf/jvm/demo.options");
        String original = Files.readString(options);
        try {
            Files.writeString(options, "# a comment\n\n   -Xmx99m   \n\t# an indented comment\n-Dwith.space=a b\n"
                    + "-XX:+UseSerialGC");
            assertThat(dryRun(home.resolve("bin/underpass"), Map.of(), "demo"))
                    .isEqualTo(Path.of(System.getProperty("java.home"), "bin", "java") + " -Xmx99m -Dwith.space=a\\ b"
                            + " -XX:+UseSerialGC -cp " + home + "/lib/\\* dev.underpass.demo.DemoMain");
        } finally {
            Files.writeString(options, original);
        }
    }

    /** The documented format: one flag per line, surrounding blanks ignored, lines starting with '#' skipped. */
    private static List<String> optionsFile(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /**
     * A flag as the dry run prints it (bash's {@code printf %q}): characters other than letters, digits and
     * {@code _ . / : = + @ % -} behind a backslash, as in {@code -XX:CompileCommand=exclude\,A::\<clinit\>}.
     */
    private static String asDryRunQuotes(String flag) {
        return flag.replaceAll("([^A-Za-z0-9_./:=+@%-])", "\\\\$1");
    }

    @Test
    void the_environment_variable_replaces_the_options_file() throws Exception {
        Map<String, String> env = Map.of("UNDERPASS_PROXY_JAVA_OPTS", "-Xmx7m -Dsome.flag=1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(dryRun(Installation.CHECKOUT.resolve("underpass"), env, "localproxy"))
                .isEqualTo(java + " -Xmx7m -Dsome.flag=1 -jar " + Installation.CHECKOUT
                        + "/localproxy/target/underpass-localproxy.jar");
        assertThat(dryRun(home.resolve("bin/underpass"), env, "localproxy"))
                .isEqualTo(java + " -Xmx7m -Dsome.flag=1 -cp " + installedClassPath("localproxy") + " "
                        + "dev.underpass.localproxy.cli.LocalProxyMain");
    }

    @Test
    void an_unknown_command_is_named_and_exits_2() throws Exception {
        for (Path launcher : List.of(Installation.CHECKOUT.resolve("underpass"), home.resolve("bin/underpass"))) {
            try (ChildProcess run = ChildProcess.start("unknown-command", installDir, Map.of(),
                    List.of(launcher.toString(), "nope"))) {
                assertThat(run.awaitExit(Duration.ofSeconds(30))).isEqualTo(2);
                assertThat(run.output()).contains("underpass: unknown command 'nope'").contains("demo ");
            }
        }
    }

    private static String dryRun(Path launcher, Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("UNDERPASS_LAUNCHER_DRY_RUN", "1");
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        try (ChildProcess run = ChildProcess.start("dry-run", installDir, all, command)) {
            assertThat(run.awaitExit(Duration.ofSeconds(30))).as(run.output()).isZero();
            return run.output().strip();
        }
    }
}
