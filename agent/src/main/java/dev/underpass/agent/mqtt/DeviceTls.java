package dev.underpass.agent.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The device's side of mutual TLS with the broker: its certificate and key (as key managers), and the root CA the
 * broker's certificate must chain to (as the only trust: AWS's Device Client trusts its root CA file and nothing
 * else, and so does the agent).
 *
 * @param keyManagers   presents the device certificate
 * @param trustManagers trusts the root CA file only
 */
public record DeviceTls(KeyManagerFactory keyManagers, TrustManagerFactory trustManagers) {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    /**
     * Loads the three files, checking that the key belongs to the certificate.
     *
     * @throws IllegalArgumentException listing every problem, each naming its file
     */
    public static DeviceTls load(Path certificateFile, Path privateKeyFile, Path rootCaFile) {
        List<String> problems = new ArrayList<>();
        List<X509Certificate> chain = attempt(() -> PemFiles.certificates(certificateFile, "certificate"), problems);
        PrivateKey key = attempt(() -> PemFiles.privateKey(privateKeyFile), problems);
        List<X509Certificate> roots = attempt(() -> PemFiles.certificates(rootCaFile, "root CA"), problems);
        if (chain != null && key != null && !matches(key, chain.get(0).getPublicKey())) {
            problems.add("private key " + privateKeyFile + " does not belong to certificate " + certificateFile);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("device", key, IN_MEMORY_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, IN_MEMORY_PASSWORD);

            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < roots.size(); i++) {
                trust.setCertificateEntry("root-" + i, roots.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return new DeviceTls(kmf, tmf);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use certificate " + certificateFile + " with key "
                    + privateKeyFile + ": " + e.getMessage());
        }
    }

    private static <T> T attempt(Supplier<T> loader, List<String> problems) {
        try {
            return loader.get();
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Signs and verifies a probe: works for every key type, unlike comparing key encodings. */
    private static boolean matches(PrivateKey key, PublicKey publicKey) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] probe = "underpass-agent key check".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
