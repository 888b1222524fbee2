package dev.underpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @ParameterizedTest(name = "{0} → {1}, {2}")
    @CsvSource({
            "server,     server/target/underpass-server.jar,         dev.underpass.server.ServerMain,           -Xmx1g",
            "localproxy, localproxy/target/underpass-localproxy.jar, dev.underpass.localproxy.cli.LocalProxyMain, -Xmx32m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=24m -XX:MaxDirectMemorySize=32m",
            "tunnels,    cli/target/underpass-cli.jar tunnels,       dev.underpass.cli.UnderpassCli tunnels,    -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "things,     cli/target/underpass-cli.jar things,        dev.underpass.cli.UnderpassCli things,     -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "keys,       cli/target/underpass-cli.jar keys,          dev.underpass.cli.UnderpassCli keys,       -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "agent,      agent/target/underpass-agent.jar,           dev.underpass.agent.AgentMain,             -Xmx64m -Xss512k -XX:+UseSerialGC -XX:MaxMetaspaceSize=64m -XX:ReservedCodeCacheSize=32m",
            "demo,       demo/target/underpass-demo.jar,             dev.underpass.demo.DemoMain,               -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"})
    void each_command_runs_its_program_with_the_flags_of_its_options_file(String command, String checkoutTarget,
            String installedMain, String flags) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(dryRun(Installation.CHECKOUT.resolve("underpass"), Map.of(), command, "--x", "1"))
                .isEqualTo(java + " " + flags + " -jar " + Installation.CHECKOUT + "/" + checkoutTarget + " --x 1");
        assertThat(dryRun(home.resolve("bin/underpass"), Map.of(), command, "--x", "1"))
                .isEqualTo(java + " " + flags + " -cp " + home + "/lib/\\* " + installedMain + " --x 1");
    }

    @Test
    void the_environment_variable_replaces_the_options_file() throws Exception {
        Map<String, String> env = Map.of("UNDERPASS_PROXY_JAVA_OPTS", "-Xmx7m -Dsome.flag=1");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        assertThat(dryRun(Installation.CHECKOUT.resolve("underpass"), env, "localproxy"))
                .isEqualTo(java + " -Xmx7m -Dsome.flag=1 -jar " + Installation.CHECKOUT
                        + "/localproxy/target/underpass-localproxy.jar");
        assertThat(dryRun(home.resolve("bin/underpass"), env, "localproxy"))
                .isEqualTo(java + " -Xmx7m -Dsome.flag=1 -cp " + home + "/lib/\\* "
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
