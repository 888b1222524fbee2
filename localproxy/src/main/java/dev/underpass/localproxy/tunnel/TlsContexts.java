package dev.underpass.localproxy.tunnel;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.nio.file.Path;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client TLS contexts for the server and for an {@code https://} proxy: TLS 1.2 or 1.3 through OpenSSL
 * (netty-tcnative) when it loads, else the JDK; certificates checked against the JDK's CAs plus {@code -c}, and the
 * host name verified, unless {@code -k} turns both checks off as AWS's localproxy does.
 */
public final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private TlsContexts() {
    }

    /**
     * Builds a client context.
     *
     * @param caPath   extra trusted certificates, or null
     * @param insecure trust any certificate and skip host name verification
     * @throws IllegalArgumentException when the CA path cannot be read
     */
    public static SslContext client(Path caPath, boolean insecure) {
        SslProvider provider = OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        LOG.debug("TLS through {}", provider);
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(provider)
                .protocols(PROTOCOLS);
        if (insecure) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            builder.endpointIdentificationAlgorithm("HTTPS");
            if (caPath != null) {
                builder.trustManager(TrustAnchors.withExtraCertificates(caPath));
            }
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
