package dev.underpass.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The release tarball, unpacked the way an operator installs it, runs with nothing but Java. */
@Timeout(300)
class TarballTest {
    private static final Pattern LISTENING = Pattern.compile("Underpass listening on (https://\\S+)");
    private static final Duration START = Duration.ofSeconds(120);
    /** {@code groupId.artifactId-version[-classifier].jar}, the tarball's lib/ naming. */
    private static final Pattern LIBRARY = Pattern.compile("(.+?)-(\\d[^-]*)(?:-SNAPSHOT)?(-.+)?\\.jar");

    @TempDir
    static Path installDir;
    static Path home;

    @TempDir
    Path work;

    @BeforeAll
    static void unpack() throws Exception {
        home = Installation.unpack(installDir);
    }

    @Test
    void holds_an_executable_launcher_the_configuration_and_every_library_once() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/underpass")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(home.resolve("conf/underpass.conf")).isRegularFile();
        for (String program : List.of("server", "localproxy", "cli", "agent", "demo")) {
            assertThat(home.resolve("conf/jvm/" + program + ".options")).isRegularFile();
        }
        assertThat(home.resolve("docs/systemd/underpass.service")).isRegularFile();
        assertThat(home.resolve("docs/OPERATIONS.md")).as("the README links into docs/").isRegularFile();

        List<String> jars;
        try (Stream<Path> files = Files.list(home.resolve("lib"))) {
            jars = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(jars).allMatch(name -> name.endsWith(".jar"))
                .contains("dev.underpass.underpass-server-" + Installation.VERSION + ".jar",
                        "dev.underpass.underpass-localproxy-" + Installation.VERSION + ".jar",
                        "dev.underpass.underpass-cli-" + Installation.VERSION + ".jar",
                        "dev.underpass.underpass-agent-" + Installation.VERSION + ".jar",
                        "dev.underpass.underpass-demo-" + Installation.VERSION + ".jar");
        Map<String, List<String>> byArtifact = jars.stream().collect(Collectors.groupingBy(TarballTest::artifact));
        assertThat(byArtifact.values()).as("libraries present in more than one version")
                .allSatisfy(versions -> assertThat(versions).hasSize(1));
        assertThat(jars).as("the native epoll transport the server and the proxies use on Linux x86_64")
                .anyMatch(name -> name.matches("io\\.netty\\.netty-transport-native-epoll-.+-linux-x86_64\\.jar"));
        assertThat(jars).as("thin jars only: no runnable fat jar repeats the libraries")
                .noneMatch(name -> name.startsWith("underpass-"));
    }

    @Test
    void the_local_proxys_jar_names_only_jars_that_lib_holds() throws IOException {
        // bin/underpass starts the proxy with its jar alone on the class path; the manifest brings in the rest.
        Path jar = home.resolve("lib/dev.underpass.underpass-localproxy-" + Installation.VERSION + ".jar");
        String classPath;
        try (JarFile file = new JarFile(jar.toFile())) {
            classPath = file.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        }
        assertThat(classPath).as("Class-Path of %s", jar).isNotBlank();
        List<String> entries = List.of(classPath.trim().split(" +"));
        assertThat(entries).contains("dev.underpass.underpass-protocol-" + Installation.VERSION + ".jar")
                .anyMatch(name -> name.startsWith("io.netty.netty-tcnative-boringssl-static-")
                        && name.endsWith("-linux-x86_64.jar"))
                .allSatisfy(name -> assertThat(home.resolve("lib").resolve(name)).as("lib/%s", name).isRegularFile());
    }

    /** {@code groupId.artifactId[-classifier]} of a lib/ file name. */
    private static String artifact(String jar) {
        Matcher m = LIBRARY.matcher(jar);
        return m.matches() ? m.group(1) + (m.group(3) == null ? "" : m.group(3)) : jar;
    }

    @Test
    void the_server_starts_answers_health_and_stops_on_sigterm() throws Exception {
        try (ChildProcess server = ChildProcess.start("tarball-server", work, Map.of(), List.of(
                home.resolve("bin/underpass").toString(), "server", "--data-dir", "data", "--port", "0",
                "--bind", "127.0.0.1", "--mqtt-port", "0"))) {
            URI endpoint = URI.create(server.awaitLine(LISTENING, START).group(1));
            HttpResponse<String> health = Https.get(endpoint.resolve("/health"), work.resolve("data/ca.pem"));
            assertThat(health.statusCode()).isEqualTo(200);

            server.terminate();
            assertThat(server.awaitExit(Duration.ofSeconds(60))).as("128 + SIGTERM: the JVM ran its shutdown hook")
                    .isEqualTo(143);
            assertThat(server.output()).contains("Underpass stopped");
            assertThat(Ports.listens(endpoint.getPort())).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} --help")
    @CsvSource({
            "localproxy, --source-listen-port",
            "tunnels,    describe",
            "agent,      --config",
            "demo,       --exit-after-check",
            "server,     --data-dir"})
    void every_command_prints_its_help(String command, String mentions) throws Exception {
        try (ChildProcess help = ChildProcess.start("tarball-help-" + command, work, Map.of(),
                List.of(home.resolve("bin/underpass").toString(), command, "--help"))) {
            assertThat(help.awaitExit(Duration.ofSeconds(60))).as(help.output()).isZero();
            assertThat(help.output()).contains(mentions).doesNotContain("Exception");
        }
    }

    @Test
    void the_demo_shows_a_request_through_its_tunnel_and_stops_at_the_end_of_input() throws Exception {
        try (ChildProcess demo = ChildProcess.start("tarball-demo", work, Map.of(), List.of(
                home.resolve("bin/underpass").toString(), "demo", "--ssh", "off"))) {
            demo.awaitLine(Pattern.compile(Pattern.quote("The request went through the tunnel.")), START);
            demo.awaitLine(Pattern.compile("The demo keeps running"), START);
            assertThat(demo.output()).contains(home.resolve("bin/underpass") + " tunnels --endpoint-url https://127.0.0.1:");

            demo.closeStdin();
            assertThat(demo.awaitExit(Duration.ofSeconds(60))).as(demo.output()).isZero();
            assertThat(demo.output()).contains("Stopping (end of input)").endsWith("Demo stopped.");
            assertThat(work.resolve("data-demo/ca.pem")).as("the default data directory").isRegularFile();
        }
    }

}
