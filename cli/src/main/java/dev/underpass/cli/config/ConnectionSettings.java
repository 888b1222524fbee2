package dev.underpass.cli.config;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Where and how to reach the server, resolved once per command with the precedence flag > environment > default:
 * <ul>
 *   <li>endpoint: {@code --endpoint-url} > {@value #ENDPOINT_ENV} > {@value #AWS_ENDPOINT_ENV} >
 *       {@value #DEFAULT_ENDPOINT}</li>
 *   <li>CA bundle: {@code --ca-bundle} > {@value #CA_BUNDLE_ENV} > none (the JVM's default trust)</li>
 *   <li>region: {@code --region} > {@code AWS_REGION} > {@code AWS_DEFAULT_REGION} > {@value #DEFAULT_REGION}</li>
 * </ul>
 *
 * @param endpoint       the server's base URL (http or https, no path, query or user info)
 * @param endpointSource where the endpoint came from, for messages ("--endpoint-url", a variable, "default")
 * @param caBundle       the PEM file the HTTPS connection trusts (and nothing else), if any
 * @param caBundleSource where the CA bundle came from ("--ca-bundle", {@value #CA_BUNDLE_ENV}), or "none"
 * @param region         the region requests are signed for
 */
public record ConnectionSettings(URI endpoint, String endpointSource, Optional<Path> caBundle,
        String caBundleSource, String region) {
    public static final String ENDPOINT_ENV = "UNDERPASS_ENDPOINT_URL";
    public static final String AWS_ENDPOINT_ENV = "AWS_ENDPOINT_URL";
    public static final String DEFAULT_ENDPOINT = "https://localhost:8443";
    public static final String CA_BUNDLE_ENV = "AWS_CA_BUNDLE";
    public static final String DEFAULT_REGION = "us-east-1";

    /** Applies the precedence above. */
    public static ConnectionSettings resolve(GlobalOptions options, CliEnvironment env) {
        String source;
        String url;
        if (options.endpointUrl() != null) {
            source = "--endpoint-url";
            url = options.endpointUrl();
        } else if (env.get(ENDPOINT_ENV).isPresent()) {
            source = ENDPOINT_ENV;
            url = env.get(ENDPOINT_ENV).get();
        } else if (env.get(AWS_ENDPOINT_ENV).isPresent()) {
            source = AWS_ENDPOINT_ENV;
            url = env.get(AWS_ENDPOINT_ENV).get();
        } else {
            source = "default";
            url = DEFAULT_ENDPOINT;
        }
        Optional<Path> ca = Optional.ofNullable(options.caBundle()).or(() -> env.get(CA_BUNDLE_ENV).map(Path::of));
        String caSource = options.caBundle() != null ? "--ca-bundle" : ca.isPresent() ? CA_BUNDLE_ENV : "none";
        String region = Optional.ofNullable(options.region()).filter(r -> !r.isBlank())
                .or(() -> env.get("AWS_REGION"))
                .or(() -> env.get("AWS_DEFAULT_REGION"))
                .orElse(DEFAULT_REGION);
        return new ConnectionSettings(parseEndpoint(url, source), source, ca, caSource, region);
    }

    /**
     * Checks an endpoint URL: http or https, a host, no path beyond "/", no query, no user info.
     *
     * @throws CliException with {@link ExitCodes#USAGE}, naming the value and where it came from
     */
    static URI parseEndpoint(String url, String source) {
        String problem;
        try {
            URI uri = new URI(url.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                problem = "it must start with https:// (or http:// for a server run with --plain)";
            } else if (uri.getHost() == null) {
                problem = "it names no host";
            } else if (uri.getRawUserInfo() != null || uri.getRawQuery() != null || uri.getRawFragment() != null
                    || !(uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
                problem = "it must be scheme://host[:port] without path, query or user";
            } else {
                return new URI(scheme, null, uri.getHost(), uri.getPort(), null, null, null);
            }
        } catch (URISyntaxException e) {
            problem = e.getReason();
        }
        throw new CliException(ExitCodes.USAGE, "Invalid endpoint URL '" + url + "' (from " + source + "): "
                + problem + ". Example: --endpoint-url https://underpass.example.com:8443");
    }

    /** The endpoint as the AWS CLI quotes it in connection errors. */
    public String endpointForMessages() {
        return endpoint + "/";
    }
}
