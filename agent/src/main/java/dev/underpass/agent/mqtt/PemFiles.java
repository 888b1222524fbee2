package dev.underpass.agent.mqtt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files a device is handed, without BouncyCastle (the device jar stays small): certificates, and a
 * private key in any of the three unencrypted forms in use — PKCS#8 ({@code BEGIN PRIVATE KEY}, what Underpass
 * writes), PKCS#1 ({@code BEGIN RSA PRIVATE KEY}, what AWS IoT's console hands out) and SEC1
 * ({@code BEGIN EC PRIVATE KEY}, what {@code openssl ecparam -genkey} writes). The last two are wrapped into
 * PKCS#8, which the JDK reads. Errors say which file and what to do.
 */
public final class PemFiles {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    /** rsaEncryption, 1.2.840.113549.1.1.1, with its NULL parameters. */
    private static final byte[] RSA_ALGORITHM = {0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d,
        0x01, 0x01, 0x01, 0x05, 0x00};
    /** id-ecPublicKey, 1.2.840.10045.2.1. */
    private static final byte[] EC_ALGORITHM = {0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

    private PemFiles() {
    }

    /**
     * Every certificate in a PEM file, in order.
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable or holds no certificate
     */
    public static List<X509Certificate> certificates(Path file, String what) {
        byte[] bytes = read(file, what);
        try {
            List<X509Certificate> certs = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(bytes))) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new IllegalArgumentException(what + " " + file + " holds no PEM certificate");
            }
            return certs;
        } catch (CertificateException e) {
            throw new IllegalArgumentException(what + " " + file + " is not a PEM certificate file: "
                    + e.getMessage());
        }
    }

    /**
     * The first private key in a PEM file.
     *
     * @throws IllegalArgumentException naming the file when it is missing, encrypted or holds no private key
     */
    public static PrivateKey privateKey(Path file) {
        String what = "private key";
        String text = new String(read(file, what), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String label = m.group(1);
            String body = m.group(2);
            switch (label) {
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY" -> {
                    if (body.contains("ENCRYPTED")) {
                        throw encrypted(file);
                    }
                    byte[] der = decode(body, file);
                    byte[] pkcs8 = switch (label) {
                        case "RSA PRIVATE KEY" -> pkcs8(RSA_ALGORITHM, der);
                        case "EC PRIVATE KEY" -> pkcs8(ecAlgorithm(der, file), der);
                        default -> der;
                    };
                    return toKey(pkcs8, file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw encrypted(file);
                default -> {
                    // EC PARAMETERS and certificates may share the file: skip them
                }
            }
        }
        throw new IllegalArgumentException(what + " " + file + " holds no PEM private key (BEGIN PRIVATE KEY, "
                + "BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
    }

    private static byte[] read(Path file, String what) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(what + " " + file + " does not exist");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + what + " " + file + ": " + e.getMessage());
        }
    }

    private static IllegalArgumentException encrypted(Path file) {
        return new IllegalArgumentException("private key " + file + " is encrypted; the agent needs it unencrypted "
                + "(openssl pkey -in " + file + " -out key.pem), readable only by the agent's user");
    }

    private static byte[] decode(String body, Path file) {
        try {
            return Base64.getMimeDecoder().decode(body.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key " + file + " is not valid base64 PEM");
        }
    }

    private static PrivateKey toKey(byte[] pkcs8, Path file) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("private key " + file + " is not an RSA, EC or EdDSA key the JDK can read");
    }

    /** The AlgorithmIdentifier of a SEC1 key: id-ecPublicKey with the named curve of its [0] parameters. */
    private static byte[] ecAlgorithm(byte[] sec1, Path file) {
        try {
            Der.Reader key = new Der.Reader(sec1).sequence();
            while (key.hasMore()) {
                Der.Element e = key.next();
                if (e.tag() == (byte) 0xa0) {
                    Der.Element curve = new Der.Reader(e.content()).next();
                    if (curve.tag() != 0x06) {
                        break;
                    }
                    return concat(EC_ALGORITHM, curve.encoded());
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("private key " + file + " is not a valid EC private key: "
                    + e.getMessage());
        }
        throw new IllegalArgumentException("private key " + file + " names no curve; convert it to PKCS#8 "
                + "(openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem)");
    }

    /** PrivateKeyInfo: SEQUENCE { INTEGER 0, SEQUENCE { algorithm }, OCTET STRING key }. */
    private static byte[] pkcs8(byte[] algorithm, byte[] key) {
        return Der.tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, Der.tlv(0x30, algorithm), Der.tlv(0x04, key)));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
