package dev.underpass.server.tls;

import dev.underpass.server.mqtt.gate.DeviceEntries;
import dev.underpass.server.pki.AtomicFiles;
import dev.underpass.server.pki.CertificateAuthority;
import dev.underpass.server.pki.Pem;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The server's TLS identity. A configured certificate and key are used as given; otherwise, on first start, a CA
 * ({@code DIR/ca.pem}) and a server certificate signed by it ({@code DIR/server.pem}) are created in the data
 * directory and reused on later starts. Clients trust {@code ca.pem}.
 */
public final class ServerTls {
    private static final Duration SERVER_CERT_VALIDITY = Duration.ofDays(825);

    /** ALPN protocols of the HTTPS port: MQTT as AWS IoT devices ask for it on port 443, and HTTP. */
    public static final List<String> HTTPS_PORT_PROTOCOLS = List.of(DeviceEntries.ALPN_PROTOCOL,
            ApplicationProtocolNames.HTTP_1_1);

    private final SslContext context;
    private final Path certificateFile;
    private final Path keyFile;
    private final Path caFile;
    private final boolean generated;

    private ServerTls(SslContext context, Path certificateFile, Path keyFile, Path caFile, boolean generated) {
        this.context = context;
        this.certificateFile = certificateFile;
        this.keyFile = keyFile;
        this.caFile = caFile;
        this.generated = generated;
    }

    /**
     * @param certificate configured certificate chain (PEM), or null to use the generated one
     * @param key         configured private key (PEM, PKCS#8 or traditional), or null
     * @param hostnames   extra names for the generated server certificate besides localhost and loopback
     */
    public static ServerTls loadOrCreate(Path dataDir, Path certificate, Path key, List<String> hostnames,
            Clock clock) {
        if (certificate != null || key != null) {
            if (certificate == null || key == null) {
                throw new IllegalArgumentException("a TLS certificate needs its key and a key its certificate: "
                        + "give both --tls-cert and --tls-key, or neither");
            }
            requireReadable(certificate, "TLS certificate");
            requireReadable(key, "TLS key");
            return new ServerTls(build(certificate, key), certificate, key, null, false);
        }
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dataDir, "ca", "Underpass Root CA", clock);
        Path certFile = dataDir.resolve("server.pem");
        Path keyFile = dataDir.resolve("server-key.pem");
        if (!Files.exists(certFile) || !Files.exists(keyFile)) {
            Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
            dns.addAll(hostnames);
            localHostName().ifPresent(dns::add);
            List<String> ips = new ArrayList<>(List.of("127.0.0.1", "::1"));
            dns.removeIf(ServerTls::looksLikeIp);
            hostnames.stream().filter(ServerTls::looksLikeIp).forEach(ips::add);
            CertificateAuthority.Issued issued = ca.issueServerCertificate("Underpass server", List.copyOf(dns), ips,
                    SERVER_CERT_VALIDITY);
            Pem.writePrivateKey(keyFile, issued.privateKey());
            AtomicFiles.write(certFile, pemChain(issued, ca), false);
        }
        return new ServerTls(build(certFile, keyFile), certFile, keyFile, ca.certificateFile(), true);
    }

    /** The server identity alone: no client certificates, no ALPN. */
    public SslContext context() {
        return context;
    }

    /**
     * The HTTPS port with devices on it: a client certificate is asked for but optional (tunnel clients and API
     * callers present none) and, when given, must chain to {@code deviceCa}; ALPN offers {@link #HTTPS_PORT_PROTOCOLS}
     * and falls back to HTTP when the client offers none of them.
     */
    public SslContext httpsContext(X509Certificate deviceCa) {
        return builder(certificateFile, keyFile)
                .trustManager(deviceCa)
                .clientAuth(ClientAuth.OPTIONAL)
                .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, HTTPS_PORT_PROTOCOLS))
                .buildOrExplain(certificateFile, keyFile);
    }

    /** The MQTT port: the same server certificate, and a client certificate of {@code deviceCa} is required. */
    public SslContext mqttContext(X509Certificate deviceCa) {
        return builder(certificateFile, keyFile)
                .trustManager(deviceCa)
                .clientAuth(ClientAuth.REQUIRE)
                .buildOrExplain(certificateFile, keyFile);
    }

    public Path certificateFile() {
        return certificateFile;
    }

    /** The generated CA's certificate that clients should trust; null when a certificate was configured. */
    public Path caFile() {
        return caFile;
    }

    public boolean generated() {
        return generated;
    }

    private static SslContext build(Path cert, Path key) {
        return builder(cert, key).buildOrExplain(cert, key);
    }

    private static Builder builder(Path cert, Path key) {
        try {
            return new Builder(SslContextBuilder.forServer(cert.toFile(), key.toFile())
                    .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot use TLS certificate " + cert + " with key " + key + ": "
                    + e.getMessage(), e);
        }
    }

    /** Netty's builder with one way to fail: a message naming the files. */
    private record Builder(SslContextBuilder netty) {
        Builder trustManager(X509Certificate ca) {
            netty.trustManager(ca);
            return this;
        }

        Builder clientAuth(ClientAuth auth) {
            netty.clientAuth(auth);
            return this;
        }

        Builder applicationProtocolConfig(ApplicationProtocolConfig config) {
            netty.applicationProtocolConfig(config);
            return this;
        }

        SslContext buildOrExplain(Path cert, Path key) {
            try {
                return netty.build();
            } catch (SSLException | IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot use TLS certificate " + cert + " with key " + key + ": "
                        + e.getMessage(), e);
            }
        }
    }

    private static String pemChain(CertificateAuthority.Issued issued, CertificateAuthority ca) {
        return Pem.toPem(issued.certificate()) + Pem.toPem(ca.certificate());
    }

    private static void requireReadable(Path file, String what) {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException(what + " " + file + " does not exist or cannot be read");
        }
    }

    private static boolean looksLikeIp(String name) {
        return name.matches("[0-9.]+") || name.contains(":");
    }

    private static java.util.Optional<String> localHostName() {
        try {
            return java.util.Optional.of(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }
}
