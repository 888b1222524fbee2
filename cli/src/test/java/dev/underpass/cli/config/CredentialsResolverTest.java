package dev.underpass.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class CredentialsResolverTest {
    private static final String FILE_SECRET = "fileSecretfileSecretfileSecretfileSecret";
    private static final String OPS_SECRET = "opsSecretopsSecretopsSecretopsSecret0000";
    private static final String ENV_SECRET = "envSecretenvSecretenvSecretenvSecret0000";

    @TempDir
    Path home;
    Path file;

    @BeforeEach
    void writeCredentialsFile() throws IOException {
        file = home.resolve("creds");
        Files.writeString(file, """
                [default]
                aws_access_key_id = AKFILEDEFAULT
                aws_secret_access_key = %s
                [ops]
                aws_access_key_id = AKFILEOPS
                aws_secret_access_key = %s
                """.formatted(FILE_SECRET, OPS_SECRET));
    }

    @Test
    void environmentKeysWinOverTheCredentialsFile() {
        AwsCredentials c = resolve(null, Map.of("AWS_ACCESS_KEY_ID", "AKENV", "AWS_SECRET_ACCESS_KEY", ENV_SECRET,
                "AWS_SHARED_CREDENTIALS_FILE", file.toString()));

        assertThat(c.accessKeyId()).isEqualTo("AKENV");
    }

    @Test
    void aSessionTokenIsUsedWithTheEnvironmentKeys() {
        AwsCredentials c = resolve(null, Map.of("AWS_ACCESS_KEY_ID", "AKENV", "AWS_SECRET_ACCESS_KEY", ENV_SECRET,
                "AWS_SESSION_TOKEN", "session"));

        assertThat(c).isInstanceOfSatisfying(AwsSessionCredentials.class,
                s -> assertThat(s.sessionToken()).isEqualTo("session"));
    }

    @Test
    void anExplicitProfileWinsOverTheEnvironmentKeysAsInTheAwsCli() {
        AwsCredentials c = resolve("ops", Map.of("AWS_ACCESS_KEY_ID", "AKENV", "AWS_SECRET_ACCESS_KEY", ENV_SECRET,
                "AWS_SHARED_CREDENTIALS_FILE", file.toString(), "AWS_PROFILE", "default"));

        assertThat(c.accessKeyId()).isEqualTo("AKFILEOPS");
    }

    @Test
    void awsProfileChoosesTheProfileElseDefaultIsUsed() {
        assertThat(resolve(null, Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString(), "AWS_PROFILE", "ops"))
                .accessKeyId()).isEqualTo("AKFILEOPS");
        assertThat(resolve(null, Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString())).accessKeyId())
                .isEqualTo("AKFILEDEFAULT");
    }

    @Test
    void theFileInTheHomeDirectoryIsUsedWhenNoFileIsNamed() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.copy(file, home.resolve(".aws/credentials"));

        assertThat(resolve(null, Map.of()).accessKeyId()).isEqualTo("AKFILEDEFAULT");
    }

    @Test
    void withNothingFoundTheMessageSaysWhereItLooked() {
        Path missing = home.resolve(".aws").resolve("credentials");

        assertThatThrownBy(() -> resolve(null, Map.of()))
                .isInstanceOf(CliException.class)
                .hasMessage("Unable to locate credentials: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set, and "
                        + "profile [default] (from default) cannot be read because " + missing + " does not exist. "
                        + "Set AWS_SHARED_CREDENTIALS_FILE to the server's DATA_DIR/credentials, or set "
                        + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.")
                .extracting(e -> ((CliException) e).exitCode()).isEqualTo(ExitCodes.CREDENTIALS);
    }

    @Test
    void anUnknownProfileIsNamedWithTheProfilesTheFileHas() {
        assertThatThrownBy(() -> resolve("staging", Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString())))
                .hasMessage("Unable to locate credentials: profile [staging] (from --profile) is not in " + file
                        + " (it has profiles default, ops).");
    }

    @Test
    void halfOfTheEnvironmentKeysIsAnErrorThatNeverShowsTheSecret() {
        Map<String, String> env = new HashMap<>(Map.of("AWS_SECRET_ACCESS_KEY", ENV_SECRET));

        assertThatThrownBy(() -> resolve(null, env))
                .hasMessageStartingWith("Incomplete credentials: AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID "
                        + "is not")
                .message().doesNotContain(ENV_SECRET);
    }

    @Test
    void aProfileWithoutSecretIsUnusableAndSaysWhy() throws IOException {
        Files.writeString(file, "[default]\naws_access_key_id = AKONLY\n");

        assertThatThrownBy(() -> resolve(null, Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString())))
                .hasMessage("Unusable credentials in profile [default] of " + file + ": it needs aws_access_key_id "
                        + "and aws_secret_access_key.");
    }

    @Test
    void theDescriptionSaysWhereTheKeysCameFromButNeverHoldsASecret() {
        CredentialsResolver.ResolvedCredentials env = CredentialsResolver.resolve(null, new CliEnvironment(
                Map.of("AWS_ACCESS_KEY_ID", "AKENV", "AWS_SECRET_ACCESS_KEY", ENV_SECRET), home));
        CredentialsResolver.ResolvedCredentials profile = CredentialsResolver.resolve("ops", new CliEnvironment(
                Map.of("AWS_SHARED_CREDENTIALS_FILE", file.toString()), home));

        assertThat(env.description()).isEqualTo("environment variables AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        assertThat(profile.description()).isEqualTo("profile [ops] of " + file);
        assertThat(env + " " + profile).doesNotContain(ENV_SECRET).doesNotContain(OPS_SECRET);
    }

    private AwsCredentials resolve(String profile, Map<String, String> env) {
        return CredentialsResolver.resolve(profile, new CliEnvironment(env, home)).provider().resolveCredentials();
    }
}
