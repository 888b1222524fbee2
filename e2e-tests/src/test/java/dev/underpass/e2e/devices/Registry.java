package dev.underpass.e2e.devices;

import dev.underpass.e2e.support.CaTrust;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.e2e.support.TunnelingClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.services.iot.IotClient;
import software.amazon.awssdk.services.iot.model.CertificateStatus;
import software.amazon.awssdk.services.iot.model.CreateKeysAndCertificateResponse;

/**
 * Registers things through the server's AWS IoT registry API with the real SDK {@link IotClient}, and writes what a
 * device gets: its certificate, private key and the root CA (the server's {@code ca.pem}).
 */
final class Registry implements AutoCloseable {
    private final TestServer server;
    private final IotClient iot;

    Registry(TestServer server) {
        this.server = server;
        this.iot = IotClient.builder()
                .endpointOverride(server.endpoint())
                .region(TunnelingClients.REGION)
                .credentialsProvider(ProfileCredentialsProvider.builder()
                        .profileFile(ProfileFile.builder().content(server.credentialsFile())
                                .type(ProfileFile.Type.CREDENTIALS).build())
                        .profileName("default").build())
                .httpClient(UrlConnectionHttpClient.builder()
                        .tlsTrustManagersProvider(() -> CaTrust.trustManagers(server.caFile()))
                        .socketTimeout(Duration.ofSeconds(20)).build())
                .build();
    }

    /** Creates the thing with an active certificate attached, and writes its files into {@code dir/<thing>/}. */
    DeviceFiles register(String thingName, Path dir) {
        iot.createThing(b -> b.thingName(thingName));
        CreateKeysAndCertificateResponse keys = iot.createKeysAndCertificate(b -> b.setAsActive(true));
        iot.attachThingPrincipal(b -> b.thingName(thingName).principal(keys.certificateArn()));
        Path out = dir.resolve(thingName);
        try {
            Files.createDirectories(out);
            Path cert = Files.writeString(out.resolve(thingName + ".cert.pem"), keys.certificatePem());
            Path key = Files.writeString(out.resolve(thingName + ".private.key"), keys.keyPair().privateKey());
            Path rootCa = Files.copy(server.caFile(), out.resolve("root-CA.crt"));
            return new DeviceFiles(thingName, keys.certificateId(), cert, key, rootCa);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** UpdateCertificate INACTIVE, as {@code underpass things deactivate-certificate} does. */
    void deactivate(String certificateId) {
        iot.updateCertificate(b -> b.certificateId(certificateId).newStatus(CertificateStatus.INACTIVE));
    }

    @Override
    public void close() {
        iot.close();
    }

    /** A registered device's files. */
    record DeviceFiles(String thingName, String certificateId, Path certificate, Path privateKey, Path rootCa) {
    }
}
