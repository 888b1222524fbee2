package dev.underpass.agent.testing;

import dev.underpass.localproxy.tunnel.TrustAnchors;
import dev.underpass.server.ServerConfig;
import dev.underpass.server.UnderpassServer;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iotsecuretunneling.IoTSecureTunnelingClient;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/** The real Underpass server on a loopback port, and the AWS SDK client the tests open and close tunnels with. */
public final class TunnelService implements AutoCloseable {
    private final UnderpassServer server;
    private final IoTSecureTunnelingClient sdk;

    private TunnelService(UnderpassServer server, IoTSecureTunnelingClient sdk) {
        this.server = server;
        this.sdk = sdk;
    }

    public static TunnelService start(Path dataDir) {
        UnderpassServer server = UnderpassServer.start(ServerConfig.defaults(dataDir).withPort(0)
                .withBindAddress("127.0.0.1"));
        try {
            ProfileFile credentials = ProfileFile.builder().content(server.credentialsFile())
                    .type(ProfileFile.Type.CREDENTIALS).build();
            var profile = credentials.profile("default").orElseThrow();
            IoTSecureTunnelingClient sdk = IoTSecureTunnelingClient.builder()
                    .endpointOverride(server.endpoint())
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                            profile.property("aws_access_key_id").orElseThrow(),
                            profile.property("aws_secret_access_key").orElseThrow())))
                    .httpClient(UrlConnectionHttpClient.builder()
                            .tlsTrustManagersProvider(() -> TrustAnchors.only(server.caFile())).build())
                    .build();
            return new TunnelService(server, sdk);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The data-plane endpoint as the agent's tunnel-endpoint setting takes it. */
    public String endpoint() {
        return server.endpoint().getHost() + ":" + server.endpoint().getPort();
    }

    public Path caFile() {
        return server.caFile();
    }

    /** Opens a tunnel for a thing with services, as an operator does. */
    public OpenTunnelResponse open(String thingName, String... services) {
        return sdk.openTunnel(r -> r.destinationConfig(d -> d.thingName(thingName).services(List.of(services))));
    }

    public void close(String tunnelId) {
        sdk.closeTunnel(r -> r.tunnelId(tunnelId));
    }

    @Override
    public void close() {
        sdk.close();
        server.close();
    }
}
