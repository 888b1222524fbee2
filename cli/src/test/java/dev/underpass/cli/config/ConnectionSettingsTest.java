package dev.underpass.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ConnectionSettingsTest {
    private static final Map<String, String> ALL_ENV = Map.of(
            "UNDERPASS_ENDPOINT_URL", "https://underpass-env:1111",
            "AWS_ENDPOINT_URL", "https://aws-env:2222",
            "AWS_CA_BUNDLE", "/env/ca.pem",
            "AWS_REGION", "eu-west-3",
            "AWS_DEFAULT_REGION", "ap-south-1");

    @Test
    void flagsWinOverTheEnvironment() {
        ConnectionSettings s = resolve(ALL_ENV, "--endpoint-url", "https://flag:3333", "--ca-bundle", "/flag/ca.pem",
                "--region", "us-west-2");

        assertThat(s.endpoint()).isEqualTo(URI.create("https://flag:3333"));
        assertThat(s.endpointSource()).isEqualTo("--endpoint-url");
        assertThat(s.caBundle()).contains(Path.of("/flag/ca.pem"));
        assertThat(s.caBundleSource()).isEqualTo("--ca-bundle");
        assertThat(s.region()).isEqualTo("us-west-2");
    }

    @Test
    void theUnderpassVariableWinsOverTheAwsOnesAndAwsRegionOverTheDefaultRegion() {
        ConnectionSettings s = resolve(ALL_ENV);

        assertThat(s.endpoint()).isEqualTo(URI.create("https://underpass-env:1111"));
        assertThat(s.endpointSource()).isEqualTo("UNDERPASS_ENDPOINT_URL");
        assertThat(s.caBundle()).contains(Path.of("/env/ca.pem"));
        assertThat(s.caBundleSource()).isEqualTo("AWS_CA_BUNDLE");
        assertThat(s.region()).isEqualTo("eu-west-3");
    }

    @Test
    void theAwsVariablesApplyWhenTheOthersAreUnset() {
        ConnectionSettings s = resolve(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:8080/",
                "AWS_DEFAULT_REGION", "ap-south-1", "UNDERPASS_ENDPOINT_URL", " "));

        assertThat(s.endpoint()).isEqualTo(URI.create("http://127.0.0.1:8080"));
        assertThat(s.endpointSource()).isEqualTo("AWS_ENDPOINT_URL");
        assertThat(s.region()).isEqualTo("ap-south-1");
    }

    @Test
    void withNothingSetTheDefaultsApply() {
        ConnectionSettings s = resolve(Map.of());

        assertThat(s.endpoint()).isEqualTo(URI.create("https://localhost:8443"));
        assertThat(s.endpointSource()).isEqualTo("default");
        assertThat(s.caBundle()).isEmpty();
        assertThat(s.region()).isEqualTo("us-east-1");
    }

    @Test
    void aBadEndpointIsAUsageErrorNamingTheValueAndItsSource() {
        assertThatThrownBy(() -> resolve(Map.of("AWS_ENDPOINT_URL", "localhost:8443")))
                .isInstanceOf(CliException.class)
                .hasMessageStartingWith("Invalid endpoint URL 'localhost:8443' (from AWS_ENDPOINT_URL): it must "
                        + "start with https://")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThatThrownBy(() -> resolve(Map.of(), "--endpoint-url", "https://host:1/api"))
                .hasMessageContaining("without path, query or user");
    }

    private static ConnectionSettings resolve(Map<String, String> env, String... args) {
        GlobalOptions options = new GlobalOptions();
        new CommandLine(options).parseArgs(args);
        return ConnectionSettings.resolve(options, new CliEnvironment(env, Path.of("/home/nobody")));
    }
}
