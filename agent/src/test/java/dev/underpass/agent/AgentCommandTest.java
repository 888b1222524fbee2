package dev.underpass.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentCommandTest {
    @TempDir
    Path dir;

    @Test
    void aConfigThatCannotBeUsedListsEveryProblemAndExitsWithTwo() throws IOException {
        Path config = Files.writeString(dir.resolve("agent.conf"), "thing-name = gw\nmqtt-endpoint = broker:8883\n"
                + "flavour = vanilla\n");
        Result result = run("--config", config.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("agent: config file " + config + " cannot be used:\n")
                .contains("  - line 3: unknown key 'flavour'")
                .contains("  - no certificate file (certificate)")
                .contains("  - no private key file (private-key)")
                .contains("  - no root CA file (root-ca)")
                .doesNotContain("Exception");
    }

    @Test
    void credentialsThatCannotBeUsedAreReportedBeforeAnythingStarts() throws IOException {
        for (String name : new String[] {"certificate.pem", "private.key", "root-ca.pem"}) {
            Files.writeString(dir.resolve(name), "not pem");
        }
        Path config = Files.writeString(dir.resolve("agent.conf"), String.join("\n", "thing-name = gw",
                "mqtt-endpoint = 127.0.0.1:1", "certificate = certificate.pem", "private-key = private.key",
                "root-ca = root-ca.pem"));
        Result result = run("--config", config.toString());
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).startsWith("agent: cannot start:\n")
                .contains("  - certificate " + dir.resolve("certificate.pem") + " is not a PEM certificate file")
                .contains("  - private key " + dir.resolve("private.key") + " holds no PEM private key");
    }

    @Test
    void withoutConfigTheUsageErrorSaysWhatIsMissing() {
        Result result = run();
        assertThat(result.code()).isEqualTo(2);
        assertThat(result.err()).contains("Missing required option: '--config=FILE'")
                .contains("Try 'agent --help'");
    }

    @Test
    void helpDescribesTheCommand() {
        Result result = run("--help");
        assertThat(result.code()).isZero();
        assertThat(result.out()).contains("--config=FILE").contains("agent");
    }

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = AgentCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }
}
