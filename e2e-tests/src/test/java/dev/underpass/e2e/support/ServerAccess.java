package dev.underpass.e2e.support;

import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;

/** What a client needs to reach a running Underpass server, in this JVM or in another process. */
public interface ServerAccess {
    /** {@code https://HOST:PORT}: the API and, as wss, the data plane. */
    URI endpoint();

    /** The CA certificate the server generated, which clients trust. */
    Path caFile();

    /** The generated admin credentials, AWS shared-credentials format. */
    Path credentialsFile();

    /** The real AWS SDK client for this server. */
    IoTSecureTunnelingClient api();

    /** What the local proxy's {@code -e} takes. */
    default String proxyEndpoint() {
        return endpoint().getHost() + ":" + endpoint().getPort();
    }

    default SSLContext ssl() {
        return CaTrust.sslContext(caFile());
    }
}
