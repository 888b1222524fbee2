package dev.underpass.server.mqtt;

import java.util.Optional;

/**
 * Where the MQTT gate learns whether a device certificate may connect. The thing registry implements it.
 *
 * <p>Contract: {@link #lookup} may block (it reads a database); the gate calls it on a blocking executor, never on
 * an event loop. It returns empty for a certificate the registry does not know.
 */
public interface DeviceDirectory {

    /**
     * @param certificateId the certificate's id: lowercase hex SHA-256 of its DER encoding ({@link CertificateIds})
     */
    Optional<RegisteredCertificate> lookup(String certificateId);

    /**
     * A registered device certificate.
     *
     * @param certificateId lowercase hex SHA-256 of the DER
     * @param thingName     the thing the certificate is attached to, or null when none (then it admits no one)
     * @param active        false once the certificate was deactivated: it is refused at the next connect
     */
    record RegisteredCertificate(String certificateId, String thingName, boolean active) {
    }
}
