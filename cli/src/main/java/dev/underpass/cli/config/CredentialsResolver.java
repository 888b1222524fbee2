package dev.underpass.cli.config;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * Finds the credentials to sign with, in the AWS CLI's order, and fails early with
 * {@link ExitCodes#CREDENTIALS} and a message saying where it looked:
 * <ol>
 *   <li>{@code --profile NAME}: that profile of the credentials file, and nothing else (as the AWS CLI does, an
 *       explicit profile wins over the environment's keys);</li>
 *   <li>{@value #KEY_ID_ENV} and {@value #SECRET_ENV} (with {@value #SESSION_TOKEN_ENV} if set);</li>
 *   <li>the profile {@code AWS_PROFILE} names, else {@value #DEFAULT_PROFILE}, of the credentials file.</li>
 * </ol>
 * The credentials file is {@value #CREDENTIALS_FILE_ENV}, else {@code ~/.aws/credentials}. Profiles are read only
 * from that file ({@code ~/.aws/config} is not consulted). The SDK's own providers do the reading; no secret ever
 * reaches a message.
 */
public final class CredentialsResolver {
    public static final String KEY_ID_ENV = "AWS_ACCESS_KEY_ID";
    public static final String SECRET_ENV = "AWS_SECRET_ACCESS_KEY";
    public static final String SESSION_TOKEN_ENV = "AWS_SESSION_TOKEN";
    public static final String PROFILE_ENV = "AWS_PROFILE";
    public static final String CREDENTIALS_FILE_ENV = "AWS_SHARED_CREDENTIALS_FILE";
    public static final String DEFAULT_PROFILE = "default";

    private CredentialsResolver() {
    }

    /**
     * The credentials to use, resolved now.
     *
     * @param profileFlag the {@code --profile} value, or null
     * @throws CliException with {@link ExitCodes#CREDENTIALS} when none are found
     */
    public static ResolvedCredentials resolve(String profileFlag, CliEnvironment env) {
        Path file = credentialsFile(env);
        if (profileFlag == null) {
            Optional<String> keyId = env.get(KEY_ID_ENV);
            Optional<String> secret = env.get(SECRET_ENV);
            if (keyId.isPresent() && secret.isPresent()) {
                Optional<String> token = env.get(SESSION_TOKEN_ENV);
                AwsCredentials keys = token.isPresent()
                        ? AwsSessionCredentials.create(keyId.get(), secret.get(), token.get())
                        : AwsBasicCredentials.create(keyId.get(), secret.get());
                return new ResolvedCredentials(StaticCredentialsProvider.create(keys),
                        "environment variables " + KEY_ID_ENV + "/" + SECRET_ENV, emptyProfiles(), DEFAULT_PROFILE);
            }
            if (keyId.isPresent() != secret.isPresent()) {
                throw new CliException(ExitCodes.CREDENTIALS, "Incomplete credentials: " + (keyId.isPresent()
                        ? KEY_ID_ENV + " is set but " + SECRET_ENV + " is not"
                        : SECRET_ENV + " is set but " + KEY_ID_ENV + " is not") + ". Set both, or unset both to use "
                        + file + ".");
            }
        }
        String profile = profileFlag != null ? profileFlag : env.get(PROFILE_ENV).orElse(DEFAULT_PROFILE);
        String from = profileFlag != null ? "--profile" : env.get(PROFILE_ENV).isPresent() ? PROFILE_ENV : "default";
        String looked = (profileFlag == null ? KEY_ID_ENV + "/" + SECRET_ENV + " are not set, and " : "")
                + "profile [" + profile + "] (from " + from + ") ";
        if (!Files.isRegularFile(file)) {
            throw new CliException(ExitCodes.CREDENTIALS, "Unable to locate credentials: " + looked
                    + "cannot be read because " + file + " does not exist. Set " + CREDENTIALS_FILE_ENV
                    + " to the server's DATA_DIR/credentials, or set " + KEY_ID_ENV + " and " + SECRET_ENV + ".");
        }
        ProfileFile profiles = read(file);
        if (profiles.profile(profile).isEmpty()) {
            throw new CliException(ExitCodes.CREDENTIALS, "Unable to locate credentials: " + looked
                    + "is not in " + file + " (it has " + (profiles.profiles().isEmpty() ? "no profiles"
                    : "profiles " + String.join(", ", profiles.profiles().keySet())) + ").");
        }
        ProfileCredentialsProvider provider = ProfileCredentialsProvider.builder()
                .profileFile(profiles).profileName(profile).build();
        try {
            provider.resolveCredentials();
        } catch (SdkClientException | IllegalArgumentException | IllegalStateException e) {
            throw new CliException(ExitCodes.CREDENTIALS, "Unusable credentials in profile [" + profile + "] of "
                    + file + ": it needs aws_access_key_id and aws_secret_access_key.");
        }
        return new ResolvedCredentials(provider, "profile [" + profile + "] of " + file, profiles, profile);
    }

    /** {@value #CREDENTIALS_FILE_ENV}, else {@code ~/.aws/credentials}. */
    public static Path credentialsFile(CliEnvironment env) {
        return env.get(CREDENTIALS_FILE_ENV).map(Path::of)
                .orElseGet(() -> env.home().resolve(".aws").resolve("credentials"));
    }

    private static ProfileFile read(Path file) {
        try {
            return ProfileFile.builder().content(file).type(ProfileFile.Type.CREDENTIALS).build();
        } catch (UncheckedIOException | IllegalArgumentException | IllegalStateException e) {
            throw new CliException(ExitCodes.CREDENTIALS, "Cannot read credentials file " + file + ": "
                    + e.getMessage());
        }
    }

    private static ProfileFile emptyProfiles() {
        return ProfileFile.builder().content("").type(ProfileFile.Type.CREDENTIALS).build();
    }

    /**
     * Credentials found by {@link #resolve}.
     *
     * @param provider    the SDK provider that signs requests
     * @param description where they came from, for messages (never the keys themselves)
     * @param profileFile the profile file the SDK client should use for its other settings
     * @param profileName the profile the SDK client should use
     */
    public record ResolvedCredentials(AwsCredentialsProvider provider, String description, ProfileFile profileFile,
            String profileName) {
        @Override
        public String toString() {
            return "ResolvedCredentials[" + description + "]"; // the provider and file hold secrets
        }
    }
}
