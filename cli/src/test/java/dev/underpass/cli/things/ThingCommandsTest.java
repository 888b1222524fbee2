package dev.underpass.cli.things;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.testing.Cli;
import dev.underpass.cli.testing.CliResult;
import dev.underpass.cli.testing.SharedServer;
import dev.underpass.server.UnderpassServer;
import dev.underpass.server.store.CertificateStatus;
import dev.underpass.server.store.DeviceCertificate;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The thing commands through the real entry point against a real server, as an operator would type them. */
@ExtendWith(SharedServer.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ThingCommandsTest {
    @TempDir
    static Path home;
    @TempDir
    Path out;
    static UnderpassServer server;
    static Cli cli;

    @BeforeAll
    static void configure(UnderpassServer shared) {
        server = shared;
        cli = new Cli(Map.of("AWS_SHARED_CREDENTIALS_FILE", server.credentialsFile().toString()), home);
    }

    private static CliResult underpass(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint-url", server.endpoint().toString(),
                "--ca-bundle", server.caFile().toString()));
        all.addAll(List.of(args));
        return cli.run(all.toArray(String[]::new));
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void createWritesWhatAwsConsoleHandsOutSignedByTheDeviceCaAndAttached() throws Exception {
        String name = unique("robot");

        CliResult create = underpass("things", "create", name, "--out", out.toString(), "--attributes",
                "site=berlin,model=x1");

        assertThat(create.exitCode()).as(create.toString()).isZero();
        JsonNode json = create.json();
        String certificateId = json.get("certificateId").asText();
        assertThat(json.get("thingName").asText()).isEqualTo(name);
        assertThat(json.get("files").get("privateKey").asText()).isEqualTo(out.resolve(name + ".private.key")
                .toString());
        Path certFile = out.resolve(name + ".cert.pem");
        Path keyFile = out.resolve(name + ".private.key");
        assertThat(out.resolve(name + ".public.key")).content().startsWith("-----BEGIN PUBLIC KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(Files.readString(out.resolve("root-CA.crt"))).isEqualTo(Files.readString(server.caFile()));
        assertThat(create.out()).doesNotContain("PRIVATE KEY");

        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certFile)));
        cert.verify(server.deviceCa().certificate().getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=" + name);
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(privateKey(keyFile));
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert);
        verifier.update(data);
        assertThat(verifier.verify(signer.sign())).isTrue();
        DeviceCertificate stored = server.things().findCertificate(certificateId).orElseThrow();
        assertThat(stored.admits(name)).isTrue();

        CliResult described = underpass("things", "describe", name);
        assertThat(described.exitCode()).as(described.toString()).isZero();
        assertThat(described.json().get("attributes").get("site").asText()).isEqualTo("berlin");
        CliResult table = underpass("--output", "table", "things", "list", "--max-results", "250");
        assertThat(table.out()).contains(name).contains("model=x1, site=berlin");
    }

    @Test
    void createRefusesToOverwriteUnlessForced() throws Exception {
        String name = unique("twice");
        assertThat(underpass("things", "create", name, "--out", out.toString()).exitCode()).isZero();
        String firstCert = Files.readString(out.resolve(name + ".cert.pem"));

        CliResult again = underpass("things", "create", name, "--out", out.toString());

        assertThat(again.exitCode()).as(again.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("Refusing to overwrite").contains(name + ".cert.pem").contains("--force");
        assertThat(out.resolve(name + ".cert.pem")).hasContent(firstCert);

        CliResult forced = underpass("things", "create", name, "--out", out.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(Files.readString(out.resolve(name + ".cert.pem"))).isNotEqualTo(firstCert);
        assertThat(server.things().certificatesOf(name)).hasSize(2);
    }

    @Test
    void certificatesCanBeDeactivatedAndActivatedAgain() {
        String name = unique("switch");
        String id = underpass("things", "create", name, "--out", out.toString()).json().get("certificateId").asText();

        CliResult off = underpass("things", "deactivate-certificate", id);

        assertThat(off.exitCode()).as(off.toString()).isZero();
        assertThat(off.out()).isEmpty();
        assertThat(server.things().findCertificate(id).orElseThrow().status()).isEqualTo(CertificateStatus.INACTIVE);
        assertThat(underpass("things", "activate-certificate", id).exitCode()).isZero();
        assertThat(server.things().findCertificate(id).orElseThrow().admits(name)).isTrue();
    }

    @Test
    void deletingAThingEndsItsCertificateAndDescribeThenFailsAsTheAwsCliWould() {
        String name = unique("gone");
        String id = underpass("things", "create", name, "--out", out.toString()).json().get("certificateId").asText();

        assertThat(underpass("things", "delete", name).exitCode()).isZero();

        assertThat(server.things().findCertificate(id).orElseThrow().admits(name)).isFalse();
        CliResult described = underpass("things", "describe", name);
        assertThat(described.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(described.err()).startsWith("An error occurred (ResourceNotFoundException) when calling the"
                + " DescribeThing operation: ").contains(name);
    }

    @Test
    void registryCallsAreCountedInTheServersApiMetricsLikeTunnelCalls() throws Exception {
        assertThat(underpass("things", "create", unique("counted"), "--out", out.toString()).exitCode()).isZero();

        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(server.caFile()))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        String metrics = HttpClient.newBuilder().sslContext(ssl).build().send(HttpRequest.newBuilder(
                server.endpoint().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();

        for (String operation : List.of("GetRootCa", "CreateThing", "CreateKeysAndCertificate",
                "AttachThingPrincipal")) {
            assertThat(metrics).contains("operation=\"" + operation + "\",outcome=\"ok\"");
        }
    }

    @Test
    void badInputIsAUsageOrServiceErrorNamingTheValue() {
        CliResult attributes = underpass("things", "create", unique("bad"), "--out", out.toString(), "--attributes",
                "novalue");
        assertThat(attributes.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(attributes.err()).contains("novalue");

        CliResult name = underpass("things", "create", "no spaces", "--out", out.toString());
        assertThat(name.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(name.err()).contains("InvalidRequestException").contains("no spaces");
        assertThat(out).isEmptyDirectory();

        CliResult unknown = underpass("things", "deactivate-certificate", "ab".repeat(32));
        assertThat(unknown.exitCode()).isEqualTo(ExitCodes.SERVICE_ERROR);
        assertThat(unknown.err()).contains("ResourceNotFoundException");
    }

    private static PrivateKey privateKey(Path file) throws Exception {
        String pem = Files.readString(file);
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
