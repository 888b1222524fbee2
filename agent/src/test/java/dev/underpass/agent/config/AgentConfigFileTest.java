package dev.underpass.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.ProxyEndpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void credentialFiles() throws IOException {
        for (String name : List.of("certificate.pem", "private.key", "root-ca.pem")) {
            Files.writeString(dir.resolve(name), "pem");
        }
    }

    @Test
    void theExampleInTheReadmeIsAValidConfig() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```properties\n") + "```properties\n".length();
        List<String> example = readme.substring(start, readme.indexOf("```", start)).lines().toList();

        AgentConfig config = AgentConfigFile.parse(example, dir);

        assertThat(config.thingName()).isEqualTo("factory-gateway-17");
        assertThat(config.mqttEndpoint()).isEqualTo(new HostPort("underpass.example.com", 8883));
        assertThat(config.certificate()).isEqualTo(dir.resolve("certificate.pem"));
        assertThat(config.privateKey()).isEqualTo(dir.resolve("private.key"));
        assertThat(config.effectiveTunnelCa()).isEqualTo(dir.resolve("root-ca.pem"));
        assertThat(config.tunnelEndpoint()).isEqualTo(ProxyEndpoint.parse("underpass.example.com:8443"));
        assertThat(config.services()).containsExactly(
                java.util.Map.entry("ssh", new HostPort("localhost", 22)),
                java.util.Map.entry("web", new HostPort("127.0.0.1", 8080)));
        assertThat(config.exec()).isNull();
        assertThat(config.maxTunnels()).isEqualTo(16);
        assertThat(config.keepAlive()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxReconnectDelay()).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.notifyTopic()).isEqualTo("$aws/things/factory-gateway-17/tunnels/notify");
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsLineNumber() {
        List<String> lines = List.of(
                "# no thing-name",
                "mqtt-endpoint = broker.example.com:99999",
                "certificate = certificate.pem",
                "private-key = missing.key",
                "root-ca = root-ca.pem",
                "keep-alive = soon",
                "colour = blue",
                "certificate = certificate.pem",
                "service.bad name = 22",
                "service.web = localhost:",
                "exec = root-ca.pem",
                "just words");

        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> AgentConfigFile.parse(lines, dir));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "line 2: mqtt-endpoint: 'broker.example.com:99999': port 99999 is not between 0 and 65535",
                "line 4: private-key: " + dir.resolve("missing.key") + " does not exist",
                "line 6: keep-alive: 'soon' is not a duration such as 500ms, 30s, 2m or 1h",
                "line 7: unknown key 'colour'; the keys are thing-name, mqtt-endpoint, certificate, private-key, "
                        + "root-ca, tunnel-endpoint, tunnel-ca, service.NAME, exec, max-tunnels, keep-alive, "
                        + "reconnect-delay, max-reconnect-delay",
                "line 8: certificate is already set on line 3",
                "line 9: 'bad name' is not a service name (1 to 128 characters of a-z, A-Z, 0-9, ':', '_' and "
                        + "'-'), as in 'service.ssh = localhost:22'",
                "line 10: service 'web': 'localhost:': '' is not a port number (give HOST:PORT or a port)",
                "line 11: exec: " + dir.resolve("root-ca.pem") + " is not an executable file",
                "line 12: 'just words' is not 'key = value'",
                "no thing name (thing-name)",
                "no MQTT endpoint (mqtt-endpoint)");
    }

    @Test
    void relativePathsAreRelativeToTheConfigFilesDirectory() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(sub.resolve("agent.conf"), String.join("\n",
                "thing-name = t1", "mqtt-endpoint = broker", "certificate = ../certificate.pem",
                "private-key = ../private.key", "root-ca = ../root-ca.pem", "reconnect-delay = 500ms",
                "max-reconnect-delay = 1h"));

        AgentConfig config = AgentConfigFile.load(sub.resolve("agent.conf"));

        assertThat(config.rootCa()).isEqualTo(dir.resolve("root-ca.pem"));
        assertThat(config.mqttEndpoint().port()).isEqualTo(AgentConfig.DEFAULT_MQTT_PORT);
        assertThat(config.reconnectDelay()).isEqualTo(Duration.ofMillis(500));
        assertThat(config.maxReconnectDelay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aMissingConfigFileSaysSo() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class,
                () -> AgentConfigFile.load(dir.resolve("nope.conf")));
        assertThat(e.problems()).containsExactly("config file " + dir.resolve("nope.conf") + " does not exist");
    }

    @Test
    void servicesMatchIgnoringCaseAndTheDeviceClientsDefaultsApplyWhenNoneAreConfigured() {
        AgentConfig.Builder base = AgentConfig.builder("t1", new HostPort("broker", 8883))
                .credentials(dir.resolve("certificate.pem"), dir.resolve("private.key"), dir.resolve("root-ca.pem"));
        AgentConfig defaults = base.build();
        assertThat(defaults.serviceAddress("ssh")).contains(new HostPort("127.0.0.1", 22));
        assertThat(defaults.serviceAddress("VNC")).contains(new HostPort("127.0.0.1", 5900));
        assertThat(defaults.serviceAddress("web")).isEmpty();

        AgentConfig mapped = base.service("Web", new HostPort("127.0.0.1", 8080)).build();
        assertThat(mapped.serviceAddress("WEB")).contains(new HostPort("127.0.0.1", 8080));
        assertThat(mapped.serviceAddress("ssh")).isEmpty();
    }

    @Test
    void crossFieldProblemsAreReportedToo() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> AgentConfig.builder(
                "bad/thing", new HostPort("broker", 8883))
                .credentials(dir.resolve("certificate.pem"), dir.resolve("private.key"), dir.resolve("root-ca.pem"))
                .service("ssh", new HostPort("localhost", 22)).service("SSH", new HostPort("localhost", 2222))
                .reconnectDelay(Duration.ofSeconds(10), Duration.ofSeconds(1))
                .maxTunnels(0)
                .build());
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "'bad/thing' is not a thing name (1 to 128 characters of a-z, A-Z, 0-9, ':', '_' and '-')",
                "services 'ssh' and 'SSH' differ only in case; service names are matched ignoring case",
                "at most 0 tunnels: must be at least 1",
                "the maximum reconnect delay PT1S is below the reconnect delay PT10S");
    }
}
