package dev.underpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.server.config.ConfigFile;
import dev.underpass.server.config.LayeredDefaults;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConfigurationReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "CONFIGURATION.md");
    private static final Path EXAMPLE = Path.of("..", "conf", "underpass.conf");

    @TempDir
    Path dir;

    private static Set<String> codeKeys() {
        return LayeredDefaults.keys(ServerMain.commandLine(System.out, Map.of()).getCommandSpec());
    }

    @Test
    void theReferenceTableListsExactlyTheOptionsOfTheCodeWithTheirEnvironmentNames() throws Exception {
        Matcher row = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| `([A-Z_]+)` \\|").matcher(Files.readString(REFERENCE));
        Set<String> documented = new TreeSet<>();
        while (row.find()) {
            documented.add(row.group(1));
            assertThat(row.group(2)).isEqualTo(LayeredDefaults.environmentName(row.group(1)));
        }
        assertThat(documented).isEqualTo(new TreeSet<>(codeKeys()));
    }

    @Test
    void theCommentedExampleFileIsValidAndMentionsEveryKey() throws Exception {
        ConfigFile.read(EXAMPLE, codeKeys());
        String text = Files.readString(EXAMPLE);
        for (String key : codeKeys()) {
            assertThat(text).as("example mentions %s", key).containsPattern("(?m)^#? ?" + Pattern.quote(key) + " = ");
        }
    }

    @Test
    void anUnknownKeyStopsTheServerWithAMessageNamingIt() throws Exception {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "port = 0\nmax-servics = 3\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = ServerMain.run(new String[] {"--config", file.toString()}, Map.of(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key 'max-servics'").contains("line 2");
    }

    @Test
    void flagsBeatTheFileWhichBeatsTheEnvironmentWhichBeatsDefaults() throws Exception {
        Path file = dir.resolve("layers.conf");
        Files.writeString(file, "port = 2000\nregion = eu-west-1\n");
        Map<String, String> env = Map.of("UNDERPASS_PORT", "3000", "UNDERPASS_REGION", "ap-south-1",
                "UNDERPASS_MAX_SERVICES", "7");
        CommandLine cli = ServerMain.commandLine(System.out, env);
        String[] args = {"--config", file.toString(), "--region", "us-west-2"};
        cli.setDefaultValueProvider(LayeredDefaults.from(cli.getCommandSpec(), args, env));
        cli.parseArgs(args);
        ServerMain main = cli.getCommand();
        assertThat(main.region).isEqualTo("us-west-2");   // flag
        assertThat(main.port).isEqualTo(2000);            // file over environment
        assertThat(main.maxServices).isEqualTo(7);        // environment over default
        assertThat(main.accountId).isEqualTo(ServerConfig.DEFAULT_ACCOUNT_ID); // default
    }
}
