package dev.underpass.e2e.support;

import dev.underpass.localproxy.tunnel.TrustAnchors;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/** Trust built from the server's generated CA file, and nothing else: a wrong certificate fails the test. */
public final class CaTrust {
    private CaTrust() {
    }

    public static TrustManager[] trustManagers(Path caPem) {
        return TrustAnchors.only(caPem);
    }

    public static SSLContext sslContext(Path caPem) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers(caPem), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
