package dev.underpass.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.testing.NettyLeakGuard;
import dev.underpass.server.pki.Pem;
import dev.underpass.server.store.Thing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NettyLeakGuard.class)
class ServerDeviceCaTest {
    @TempDir
    Path dataDir;

    private ServerConfig config() {
        return ServerConfig.defaults(dataDir).withPort(0).withBindAddress("127.0.0.1");
    }

    @Test
    void theDeviceCaIsCreatedBesideTheTlsCaAndKeptAcrossRestartsWithTheRegistry() throws Exception {
        X509Certificate deviceCa;
        try (UnderpassServer server = UnderpassServer.start(config())) {
            deviceCa = server.deviceCa().certificate();
            assertThat(server.deviceCa().certificateFile()).isEqualTo(dataDir.resolve("device-ca.pem"));
            assertThat(Pem.readCertificate(dataDir.resolve("device-ca.pem"))).isEqualTo(deviceCa);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dataDir.resolve("device-ca-key.pem")))).isEqualTo("rw-------");
            assertThat(deviceCa).isNotEqualTo(Pem.readCertificate(server.caFile()));
            server.things().createThing(new Thing("kept", UUID.randomUUID().toString(),
                    "arn:aws:iot:us-east-1:000000000000:thing/kept", Map.of("a", "b"), 1, Instant.now()));
        }
        try (UnderpassServer again = UnderpassServer.start(config())) {
            assertThat(again.deviceCa().certificate()).isEqualTo(deviceCa);
            assertThat(again.things().findThing("kept").orElseThrow().attributes()).containsEntry("a", "b");
        }
    }
}
