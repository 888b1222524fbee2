package dev.underpass.localproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.localproxy.ExitCodes;
import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LocalProxyCommandTest {
    private static final String TOKEN = "secret-token-value";

    @TempDir
    Path dir;

    @Test
    void shortFlagsMakeASourceWithOneUnnamedPort() throws Exception {
        LocalProxyConfig c = parse(Map.of(), "-t", TOKEN, "-e", "tunnel.example.com", "-s", "5555");
        assertThat(c.mode()).isEqualTo(Mode.SOURCE);
        assertThat(c.accessToken()).isEqualTo(TOKEN);
        assertThat(c.endpoint()).isEqualTo(new ProxyEndpoint(new HostPort("tunnel.example.com", 443), true));
        assertThat(c.listenPorts()).containsExactly(Map.entry("", 5555));
        assertThat(c.protocol()).isEqualTo(SubProtocol.V3);
        assertThat(c.listenAddress()).isEqualTo("localhost");
        assertThat(c.clientToken()).isNull();
        assertThat(c.insecureTls()).isFalse();
    }

    @Test
    void longFlagsMakeADestinationWithNamedServices() throws Exception {
        LocalProxyConfig c = parse(Map.of(), "--access-token", TOKEN, "--proxy-endpoint", "wss://h.example:8443",
                "--destination-app", "SSH1=127.0.0.1:22,SSH2=80,WEB=[::1]:8080", "--local-bind-address", "10.0.0.5",
                "--client-token", "abcdefghijklmnopqrstuvwxyz-0123456789");
        assertThat(c.mode()).isEqualTo(Mode.DESTINATION);
        assertThat(c.endpoint()).isEqualTo(new ProxyEndpoint(new HostPort("h.example", 8443), true));
        assertThat(c.destinations()).containsExactly(Map.entry("SSH1", new HostPort("127.0.0.1", 22)),
                Map.entry("SSH2", new HostPort("localhost", 80)), Map.entry("WEB", new HostPort("::1", 8080)));
        assertThat(c.bindAddress()).isEqualTo("10.0.0.5");
        assertThat(c.clientToken()).isEqualTo("abcdefghijklmnopqrstuvwxyz-0123456789");
    }

    @Test
    void everyEndpointFormIsUnderstood() throws Exception {
        assertThat(endpoint("-e", "h:9000")).isEqualTo(new ProxyEndpoint(new HostPort("h", 9000), true));
        assertThat(endpoint("-e", "ws://127.0.0.1:8080")).isEqualTo(
                new ProxyEndpoint(new HostPort("127.0.0.1", 8080), false));
        assertThat(endpoint("-e", "wss://h/tunnel")).isEqualTo(new ProxyEndpoint(new HostPort("h", 443), true));
        assertThat(endpoint("-r", "eu-west-1")).isEqualTo(new ProxyEndpoint(
                new HostPort("data.tunneling.iot.eu-west-1.amazonaws.com", 443), true));
        assertThat(endpoint("--region", "us-east-1").address().host())
                .isEqualTo("data.tunneling.iot.us-east-1.amazonaws.com");
    }

    @Test
    void theRemainingFlagsAreRead() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "x");
        SettingsAssembler.Settings s = settings(Map.of(), "-t", TOKEN, "-e", "h", "-m", "src", "-s",
                "SSH1=5555,SSH2=0", "-b", "0.0.0.0", "-c", ca.toString(), "-k", "-v", "6", "-y", "V2");
        assertThat(s.verbosity()).isEqualTo(6);
        LocalProxyConfig c = s.config();
        assertThat(c.listenPorts()).containsExactly(Map.entry("SSH1", 5555), Map.entry("SSH2", 0));
        assertThat(c.listenAddress()).isEqualTo("0.0.0.0");
        assertThat(c.caPath()).isEqualTo(ca);
        assertThat(c.insecureTls()).isTrue();
        assertThat(c.protocol()).isEqualTo(SubProtocol.V2);
        assertThat(parse(Map.of(), "-t", TOKEN, "-e", "h", "--mode", "destination", "-d", "22").mode())
                .isEqualTo(Mode.DESTINATION);
        assertThat(parse(Map.of(), "-t", TOKEN, "-e", "h", "-m", "dst", "-d", "22",
                "--destination-client-type", "V1").protocol()).isEqualTo(SubProtocol.V1);
        assertThat(settings(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "--verbose", "0").verbosity()).isZero();
    }

    @Test
    void theEnvironmentFillsWhatTheFlagsLeaveOut() throws Exception {
        Map<String, String> env = Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", TOKEN, "AWSIOT_TUNNEL_ENDPOINT",
                "env.example:444", "AWSIOT_TUNNEL_CLIENT_TOKEN", "0123456789-0123456789-0123456789");
        LocalProxyConfig c = parse(env, "-s", "5555");
        assertThat(c.accessToken()).isEqualTo(TOKEN);
        assertThat(c.endpoint().address()).isEqualTo(new HostPort("env.example", 444));
        assertThat(c.clientToken()).isEqualTo("0123456789-0123456789-0123456789");
        LocalProxyConfig overridden = parse(env, "-s", "5555", "-t", "flag-token", "-r", "us-west-2");
        assertThat(overridden.accessToken()).isEqualTo("flag-token");
        assertThat(overridden.endpoint().address().host()).isEqualTo("data.tunneling.iot.us-west-2.amazonaws.com");
        assertThat(parse(Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", TOKEN, "AWSIOT_TUNNEL_REGION", "ap-south-1"), "-s",
                "1").endpoint().address().host()).contains("ap-south-1");
    }

    @Test
    void aConfigFileSetsOptionsAndServiceLinesAndFlagsOverrideIt() throws Exception {
        Path file = Files.writeString(dir.resolve("lp.ini"), String.join("\n",
                "# AWS localproxy options", "region = us-east-1", "access-token = " + TOKEN,
                "mode = source", "[services]", "SSH1 = 3333", "SSH2=5555", "no-ssl-host-verify = true", ""));
        LocalProxyConfig c = parse(Map.of(), "--config", file.toString());
        assertThat(c.mode()).isEqualTo(Mode.SOURCE);
        assertThat(c.accessToken()).isEqualTo(TOKEN);
        assertThat(c.endpoint().address().host()).contains("us-east-1");
        assertThat(c.listenPorts()).containsExactly(Map.entry("SSH1", 3333), Map.entry("SSH2", 5555));
        assertThat(c.insecureTls()).isTrue();
        LocalProxyConfig overridden = parse(Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", "env-token"), "--config",
                file.toString(), "-s", "7000", "-e", "other:1");
        assertThat(overridden.listenPorts()).containsExactly(Map.entry("", 7000));
        assertThat(overridden.endpoint().address()).isEqualTo(new HostPort("other", 1));
        assertThat(overridden.accessToken()).isEqualTo(TOKEN);
    }

    @Test
    void aDestinationConfigFileMapsServicesToAddresses() throws Exception {
        Path file = Files.writeString(dir.resolve("dst.ini"), "destination-app = SSH1=22\nWEB = 10.0.0.1:80\n");
        LocalProxyConfig c = parse(Map.of(), "--config", file.toString(), "-t", TOKEN, "-e", "h");
        assertThat(c.destinations()).containsExactly(Map.entry("SSH1", new HostPort("localhost", 22)),
                Map.entry("WEB", new HostPort("10.0.0.1", 80)));
    }

    @Test
    void theHttpsProxyComesFromTheEnvironmentUnlessNoProxyCoversTheServer() throws Exception {
        Map<String, String> env = Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", TOKEN,
                "HTTPS_PROXY", "http://user:p%40ss@proxy.local:8080", "NO_PROXY", "localhost,.internal");
        LocalProxyConfig c = parse(env, "-e", "tunnel.example.com", "-s", "1");
        assertThat(c.httpsProxy().address()).isEqualTo(new HostPort("proxy.local", 8080));
        assertThat(c.httpsProxy().username()).isEqualTo("user");
        assertThat(c.httpsProxy().password()).isEqualTo("p@ss");
        assertThat(c.httpsProxy().toString()).doesNotContain("p@ss");
        assertThat(parse(env, "-e", "localhost:1", "-s", "1").httpsProxy()).isNull();
        assertThat(parse(env, "-e", "relay.internal", "-s", "1").httpsProxy()).isNull();
        assertThat(parse(Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", TOKEN, "https_proxy", "proxy2:3129", "HTTPS_PROXY",
                "ignored:1"), "-e", "h", "-s", "1").httpsProxy().address()).isEqualTo(new HostPort("proxy2", 3129));
    }

    @Test
    void badValuesAreUsageErrorsThatNameTheValue() {
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "SSH1=abc")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("-s/--source-listen-port").contains("'abc' is not a port number")
                .doesNotContain(TOKEN);
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "70000")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("70000");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-d", "SSH1=host")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("-d/--destination-app").contains("'host' needs a port");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-m", "sideways")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("'sideways' is not src, source, dst or destination");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-y", "V4")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("'V4' is not V1 or V2");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-v", "loud")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("'loud'");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "ftp://h", "-s", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("-e/--proxy-endpoint").contains("ftp");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-c", "/no/such/ca")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("'/no/such/ca' does not exist");
    }

    @Test
    void missingOrConflictingSettingsAreUsageErrors() {
        assertThat(run(Map.of(), "-e", "h", "-s", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no access token");
        assertThat(run(Map.of(), "-t", TOKEN, "-s", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no endpoint");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-r", "us-east-1", "-s", "1")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("-e/--proxy-endpoint and -r/--region exclude each other");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("no mode");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-d", "2")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("both -s and -d");
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-m", "dst")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("at least one destination");
        assertThat(run(Map.of(), "--bogus")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("--bogus");
    }

    @Test
    void secretsNeverAppearInErrorsOrInTheConfigsText() throws Exception {
        assertThat(run(Map.of(), "-t", TOKEN, "-e", "h", "-s", "1", "-i", "short-secret")).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("client token").doesNotContain("short-secret").doesNotContain(TOKEN);
        assertThat(run(Map.of("HTTPS_PROXY", "http://u:pw-secret@[bad"), "-t", TOKEN, "-e", "h", "-s", "1"))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("HTTPS_PROXY").doesNotContain("pw-secret");
        LocalProxyConfig c = parse(Map.of("HTTPS_PROXY", "http://u:pw-secret@p:1"), "-t", TOKEN, "-e", "h", "-s",
                "1", "-i", "0123456789-0123456789-0123456789");
        assertThat(c.toString()).doesNotContain(TOKEN).doesNotContain("pw-secret")
                .doesNotContain("0123456789-0123456789-0123456789").contains("****");
    }

    @Test
    void aBrokenConfigFileReportsItsLines() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.ini"), "region = us-east-1\nnot a pair\nregion = x\n");
        assertThatThrownBy(() -> settings(Map.of(), "--config", file.toString()))
                .isInstanceOf(UsageException.class)
                .satisfies(e -> assertThat(((UsageException) e).problems()).containsExactly(
                        "bad.ini line 2: expected key = value", "bad.ini line 3: 'region' is set twice"));
    }

    @Test
    void helpAndVersionExitZero() {
        assertThat(run(Map.of(), "--help")).isZero();
        assertThat(out).contains("--source-listen-port").contains("AWSIOT_TUNNEL_ACCESS_TOKEN");
        assertThat(run(Map.of(), "--version")).isZero();
        assertThat(out).contains("underpass localproxy");
    }

    private String err;
    private String out;

    private int run(Map<String, String> env, String... args) {
        StringWriter e = new StringWriter();
        StringWriter o = new StringWriter();
        CommandLine cl = LocalProxyCommand.commandLine(env);
        cl.setErr(new PrintWriter(e, true));
        cl.setOut(new PrintWriter(o, true));
        int code = cl.execute(args);
        err = e.toString();
        out = o.toString();
        return code;
    }

    private static ProxyEndpoint endpoint(String... where) throws UsageException {
        String[] args = new String[where.length + 4];
        System.arraycopy(new String[] {"-t", TOKEN, "-s", "1"}, 0, args, 0, 4);
        System.arraycopy(where, 0, args, 4, where.length);
        return parse(Map.of(), args).endpoint();
    }

    private static LocalProxyConfig parse(Map<String, String> env, String... args) throws UsageException {
        return settings(env, args).config();
    }

    private static SettingsAssembler.Settings settings(Map<String, String> env, String... args)
            throws UsageException {
        LocalProxyCommand command = new LocalProxyCommand(env);
        new CommandLine(command).parseArgs(args);
        return command.settings();
    }
}
