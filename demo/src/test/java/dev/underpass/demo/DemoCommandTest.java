package dev.underpass.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.testing.NettyLeakGuard;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
@Timeout(300)
class DemoCommandTest {
    private static final Pattern CURL = Pattern.compile("curl http://localhost:(\\d+)/");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void runs_twice_on_one_data_directory_stopping_after_the_check_then_at_the_end_of_input() {
        int first = run(new ByteArrayInputStream(new byte[0]), "--exit-after-check", "--ssh", "off");

        assertThat(first).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(stdout()).contains("demo-thing registered; certificate ")
                .contains(Demo.WENT_THROUGH)
                .contains("Stopping (--exit-after-check)")
                .endsWith(DemoCommand.STOPPED + System.lineSeparator())
                .doesNotContain("curl http://");
        Path data = dir.resolve("data").toAbsolutePath();
        assertThat(data.resolve("demo-thing/demo-thing.cert.pem")).isRegularFile();
        assertThat(data.resolve("demo-thing/demo-thing.private.key")).isRegularFile();

        out.reset();
        int second = run(new ByteArrayInputStream(new byte[0]), "--ssh", "off");

        assertThat(second).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Matcher curl = CURL.matcher(stdout());
        assertThat(curl.find()).as(stdout()).isTrue();
        assertThat(stdout())
                .contains("demo-thing registered; certificate ")
                .contains("export AWS_SHARED_CREDENTIALS_FILE=" + data.resolve("credentials"))
                .containsPattern("bin/underpass tunnels --endpoint-url https://127\\.0\\.0\\.1:\\d+ --ca-bundle "
                        + Pattern.quote(data.resolve("ca.pem").toString())
                        + " describe --tunnel-id [0-9a-f-]{36} --output table")
                .containsPattern("bin/underpass things --endpoint-url https://127\\.0\\.0\\.1:\\d+ --ca-bundle \\S+"
                        + " describe demo-thing --output table")
                .contains("Stopping (end of input)")
                .endsWith(DemoCommand.STOPPED + System.lineSeparator());
        assertThat(DemoTest.listens(Integer.parseInt(curl.group(1)))).isFalse();
    }

    @Test
    void a_bad_option_value_is_named_and_exits_2() {
        int code = run(new ByteArrayInputStream(new byte[0]), "--ssh", "host:99999");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--ssh 'host:99999': give auto, off or host[:port]");
    }

    private int run(InputStream in, String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--data-dir";
        all[1] = dir.resolve("data").toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return DemoCommand.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), in, Map.of("UNDERPASS_LAUNCHER", "bin/underpass"),
                false).execute(all);
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
