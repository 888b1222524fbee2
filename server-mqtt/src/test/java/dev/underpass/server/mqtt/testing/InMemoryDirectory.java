package dev.underpass.server.mqtt.testing;

import dev.underpass.server.mqtt.CertificateIds;
import dev.underpass.server.mqtt.DeviceDirectory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thing registry in memory, standing in for the database one in these tests. */
public final class InMemoryDirectory implements DeviceDirectory {
    private final Map<String, RegisteredCertificate> certificates = new ConcurrentHashMap<>();

    public void register(String thingName, X509Certificate certificate) {
        String id = CertificateIds.of(certificate);
        certificates.put(id, new RegisteredCertificate(id, thingName, true));
    }

    public void deactivate(X509Certificate certificate) {
        String id = CertificateIds.of(certificate);
        certificates.computeIfPresent(id, (k, c) -> new RegisteredCertificate(id, c.thingName(), false));
    }

    @Override
    public Optional<RegisteredCertificate> lookup(String certificateId) {
        return Optional.ofNullable(certificates.get(certificateId));
    }
}
