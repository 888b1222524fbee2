package dev.underpass.cli.config;

import dev.underpass.cli.output.OutputFormat;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The AWS CLI's global options, accepted before or after any subcommand ({@code underpass --region x tunnels list}
 * and {@code underpass tunnels list --region x} are the same). Null when not given: {@link ConnectionSettings} and
 * {@link CredentialsResolver} apply the environment and the defaults.
 */
public final class GlobalOptions {
    @Option(names = "--endpoint-url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "The server's URL. Env: " + ConnectionSettings.ENDPOINT_ENV + ", "
                    + ConnectionSettings.AWS_ENDPOINT_ENV + "; default " + ConnectionSettings.DEFAULT_ENDPOINT + ".")
    String endpointUrl;

    @Option(names = "--ca-bundle", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "PEM CA certificate(s) to trust for HTTPS instead of the JVM's default ones "
                    + "(an Underpass server writes DATA_DIR/ca.pem). Env: " + ConnectionSettings.CA_BUNDLE_ENV + ".")
    Path caBundle;

    @Option(names = "--region", paramLabel = "REGION", scope = ScopeType.INHERIT,
            description = "Region to sign requests for. Env: AWS_REGION, AWS_DEFAULT_REGION; default "
                    + ConnectionSettings.DEFAULT_REGION + ".")
    String region;

    @Option(names = "--profile", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Profile of the shared credentials file; when given, AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY are ignored. Env: AWS_PROFILE; default 'default'.")
    String profile;

    @Option(names = "--output", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "json (the API's shapes; the default) or table.")
    OutputFormat output;

    public String endpointUrl() {
        return endpointUrl;
    }

    public Path caBundle() {
        return caBundle;
    }

    public String region() {
        return region;
    }

    public String profile() {
        return profile;
    }

    public OutputFormat output() {
        return output == null ? OutputFormat.JSON : output;
    }
}
