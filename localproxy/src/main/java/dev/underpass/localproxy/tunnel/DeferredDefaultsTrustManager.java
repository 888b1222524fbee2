package dev.underpass.localproxy.tunnel;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Trusts the certificates of {@code -c/--capath} and the JDK's default CAs, as one trust store would, but reads the
 * JDK's CAs only when a chain does not verify against the {@code -c} certificates alone. A proxy pointed at a server
 * with a private CA (the usual Underpass setup) so never parses the JDK's ~140 CA certificates, which cost a
 * standalone proxy about a MiB of heap and classes; a chain the {@code -c} certificates cannot verify is checked
 * against both sets together, so what is accepted and what is refused is the same as with one combined store.
 * Host name verification runs in either check, from the engine's or socket's parameters. Safe for concurrent
 * handshakes.
 */
final class DeferredDefaultsTrustManager extends X509ExtendedTrustManager {
    /** Builds the trust manager of the JDK's CAs plus the {@code -c} certificates; called at most once. */
    interface Loader {
        X509ExtendedTrustManager load() throws CertificateException;
    }

    private final X509ExtendedTrustManager extraOnly;
    private final Loader loader;
    private volatile X509ExtendedTrustManager combined;

    /**
     * @param extraOnly trusts the {@code -c} certificates only
     * @param loader    builds the trust manager of the JDK's CAs and the {@code -c} certificates together
     */
    DeferredDefaultsTrustManager(X509ExtendedTrustManager extraOnly, Loader loader) {
        this.extraOnly = extraOnly;
        this.loader = loader;
    }

    /** Whether the JDK's CAs have been read (tests). */
    boolean defaultsLoaded() {
        return combined != null;
    }

    private X509ExtendedTrustManager combined() throws CertificateException {
        X509ExtendedTrustManager c = combined;
        if (c == null) {
            synchronized (this) {
                c = combined;
                if (c == null) {
                    c = loader.load();
                    combined = c;
                }
            }
        }
        return c;
    }

    /** One of the interface's server checks, run against a given trust manager. */
    private interface ServerCheck {
        void run(X509ExtendedTrustManager trustManager) throws CertificateException;
    }

    /** The {@code -c} certificates first; the JDK's CAs with them only when those alone do not verify. */
    private void checkServer(ServerCheck check) throws CertificateException {
        try {
            check.run(extraOnly);
        } catch (CertificateException e) {
            check.run(combined());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkServer(tm -> tm.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkServer(tm -> tm.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkServer(tm -> tm.checkServerTrusted(chain, authType));
    }

    // A proxy is a TLS client only; these are here for the interface and use the combined store.

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        combined().checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        combined().checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        combined().checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        try {
            return combined().getAcceptedIssuers();
        } catch (CertificateException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
