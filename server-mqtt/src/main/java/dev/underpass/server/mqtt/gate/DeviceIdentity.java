package dev.underpass.server.mqtt.gate;

import dev.underpass.server.mqtt.CertificateIds;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is on the other end of a device connection: the certificate's id and the thing it is attached to in the
 * registry. The certificate's subject does not name the thing (certificates made by CreateKeysAndCertificate are
 * attached to a thing only later, as on AWS); the registry does.
 */
record DeviceIdentity(String thingName, String certificateId) {

    /** The id of the client certificate of a finished TLS session, which the device CA must have issued. */
    static String certificateId(SSLSession session, X509Certificate deviceCa) throws Refusal {
        Certificate[] chain;
        try {
            chain = session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            throw new Refusal(Refusal.Reason.NO_CERTIFICATE, "no client certificate: MQTT needs the thing's "
                    + "certificate");
        }
        if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            throw new Refusal(Refusal.Reason.NO_CERTIFICATE, "no X.509 client certificate");
        }
        try {
            if (!cert.getIssuerX500Principal().equals(deviceCa.getSubjectX500Principal())) {
                throw new GeneralSecurityException("issuer " + cert.getIssuerX500Principal().getName());
            }
            cert.verify(deviceCa.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new Refusal(Refusal.Reason.WRONG_CA, "the client certificate was not issued by the device CA");
        }
        return CertificateIds.of(cert);
    }
}
