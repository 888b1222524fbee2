package dev.underpass.cli.client;

import dev.underpass.cli.CliException;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.config.ConnectionSettings;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Turns what the SDK throws into the message and exit code a user sees: the service's errors as the AWS CLI prints
 * them ({@link ExitCodes#SERVICE_ERROR}), and transport failures with the endpoint and what to do
 * ({@link ExitCodes#CONNECTION}).
 */
final class ServiceErrors {
    private ServiceErrors() {
    }

    static CliException translate(String operation, ConnectionSettings settings, SdkException e) {
        if (e instanceof AwsServiceException service) {
            String code = service.awsErrorDetails() != null && service.awsErrorDetails().errorCode() != null
                    ? service.awsErrorDetails().errorCode() : String.valueOf(service.statusCode());
            String message = service.awsErrorDetails() != null && service.awsErrorDetails().errorMessage() != null
                    ? service.awsErrorDetails().errorMessage() : "";
            return new CliException(ExitCodes.SERVICE_ERROR, "An error occurred (" + code + ") when calling the "
                    + operation + " operation: " + message);
        }
        String where = "Could not connect to the endpoint URL: \"" + settings.endpointForMessages() + "\": ";
        String trust = settings.caBundle().map(p -> "the CA bundle " + p + " (from " + settings.caBundleSource() + ")")
                .orElse("the JVM's default CAs");
        if (isCertificateProblem(e)) {
            return new CliException(ExitCodes.CONNECTION, where + "the server's TLS certificate is not trusted ("
                    + rootReason(e) + "); trusted were " + trust + ". Pass the CA that signed the server's "
                    + "certificate with --ca-bundle FILE (or AWS_CA_BUNDLE); an Underpass server writes it to "
                    + "DATA_DIR/ca.pem. If the certificate is for another host name, use that name in the URL.");
        }
        if (find(e, SSLException.class).isPresent()) {
            return new CliException(ExitCodes.CONNECTION, where + "TLS failed (" + rootReason(e) + "). If the "
                    + "server runs with --plain, use an http:// endpoint URL.");
        }
        if (find(e, ConnectException.class).isPresent() || find(e, NoRouteToHostException.class).isPresent()
                || find(e, UnknownHostException.class).isPresent() || find(e, SocketTimeoutException.class)
                .isPresent() || e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            String reason = find(e, UnknownHostException.class).map(u -> "unknown host " + u.getMessage())
                    .orElseGet(() -> rootReason(e));
            return new CliException(ExitCodes.CONNECTION, where + reason + ". Check that the server runs there, "
                    + "or give its URL with --endpoint-url or " + ConnectionSettings.ENDPOINT_ENV + " (the endpoint "
                    + "came from " + settings.endpointSource() + ").");
        }
        if (find(e, IOException.class).isPresent()) {
            return new CliException(ExitCodes.CONNECTION, where + "the connection failed (" + rootReason(e) + ")."
                    + (settings.endpoint().getScheme().equals("http")
                    ? " If the server uses TLS (it does unless run with --plain), use an https:// endpoint URL."
                    : " Check that an Underpass server listens there."));
        }
        return new CliException(ExitCodes.SERVICE_ERROR, "The " + operation + " call failed: " + rootReason(e));
    }

    private static boolean isCertificateProblem(Throwable e) {
        return find(e, CertificateException.class).isPresent() || find(e, CertPathValidatorException.class)
                .isPresent() || find(e, CertPathBuilderException.class).isPresent()
                || find(e, SSLPeerUnverifiedException.class).isPresent()
                || find(e, SSLException.class).map(s -> String.valueOf(s.getMessage()).contains("PKIX")).orElse(false);
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    /** The innermost message, on one line. */
    private static String rootReason(Throwable e) {
        String reason = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                reason = t.getMessage();
            }
        }
        return reason == null ? e.getClass().getSimpleName() : reason.lines().findFirst().orElse("").strip();
    }
}
