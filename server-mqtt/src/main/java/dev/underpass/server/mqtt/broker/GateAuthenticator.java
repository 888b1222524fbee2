package dev.underpass.server.mqtt.broker;

import io.moquette.broker.security.IAuthenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Lets in only connections the device gate made: user name = client id (the thing the gate verified) and the
 * process's secret as password. Anything else that reaches the loopback port is refused.
 */
final class GateAuthenticator implements IAuthenticator {
    private final byte[] secret;

    GateAuthenticator(String secret) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean checkValid(String clientId, String username, byte[] password) {
        return clientId != null && clientId.equals(username) && password != null
                && MessageDigest.isEqual(secret, password);
    }
}
