package dev.underpass.server.mqtt.gate;

import dev.underpass.server.mqtt.CertificateIds;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is on the other end of a device connection: the thing named by the common name of a client certificate the
 * device CA issued, and the certificate's id.
 */
record DeviceIdentity(String thingName, String certificateId) {

    /** Reads the identity from a finished TLS session, or says why there is none. */
    static DeviceIdentity from(SSLSession session, X509Certificate deviceCa) throws Refusal {
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
        String thing = commonName(cert);
        if (thing == null) {
            throw new Refusal(Refusal.Reason.UNKNOWN_CERTIFICATE, "the client certificate names no thing (no CN)");
        }
        return new DeviceIdentity(thing, CertificateIds.of(cert));
    }

    private static String commonName(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
            return null;
        } catch (InvalidNameException e) {
            return null;
        }
    }
}
