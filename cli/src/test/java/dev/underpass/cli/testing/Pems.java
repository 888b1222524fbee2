package dev.underpass.cli.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;

/** PEM files for trust tests. */
public final class Pems {
    private Pems() {
    }

    /** Writes a well-known public CA (the first of the JDK's), which did not sign any test server's certificate. */
    public static Path writeUnrelatedCa(Path file) throws IOException, GeneralSecurityException {
        KeyStore jdk = KeyStore.getInstance(Path.of(System.getProperty("java.home"), "lib", "security", "cacerts")
                .toFile(), "changeit".toCharArray());
        String alias = Collections.list(jdk.aliases()).stream().sorted().findFirst().orElseThrow();
        Certificate cert = jdk.getCertificate(alias);
        String pem = "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
        return Files.writeString(file, pem);
    }
}
