package dev.underpass.server.mqtt.notify;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the server reaches a broker the user runs, to publish notifications as an MQTT 3.1.1 client.
 *
 * @param url         {@code mqtt://host:port} (plain TCP, default port 1883) or {@code mqtts://host:port} (TLS,
 *                    default port 8883)
 * @param clientId    the server's client id at the broker
 * @param username    user name, or null
 * @param password    password, or null; never shown by {@link #toString()}
 * @param caFile      PEM CA certificates the broker's certificate is verified against, or null for the JDK's
 * @param certificate PEM client certificate for mutual TLS, or null
 * @param privateKey  PEM private key of {@code certificate}, or null
 */
public record ExternalBrokerSettings(URI url, String clientId, String username, String password, Path caFile,
        Path certificate, Path privateKey) {
    public static final String DEFAULT_CLIENT_ID = "underpass-server";

    public ExternalBrokerSettings {
        List<String> problems = new ArrayList<>();
        if (url == null) {
            problems.add("no external broker URL (mqtt-broker-url): give mqtt://host:port or mqtts://host:port");
        } else if (!List.of("mqtt", "mqtts").contains(scheme(url)) || url.getHost() == null) {
            problems.add("external broker URL '" + url + "' must look like mqtt://host:port or mqtts://host:port");
        }
        if (clientId == null || clientId.isBlank()) {
            problems.add("the external broker client id (mqtt-client-id) must not be empty");
        }
        if (password != null && username == null) {
            problems.add("an external broker password needs a user name (mqtt-username)");
        }
        if ((certificate == null) != (privateKey == null)) {
            problems.add("a client certificate for the external broker needs its key and the key its certificate: "
                    + "give both mqtt-client-cert and mqtt-client-key, or neither");
        }
        if (url != null && "mqtt".equals(scheme(url)) && (caFile != null || certificate != null)) {
            problems.add("mqtt-ca / mqtt-client-cert are for TLS: use an mqtts:// URL");
        }
        for (Path file : new Path[] {caFile, certificate, privateKey}) {
            if (file != null && !Files.isReadable(file)) {
                problems.add(file + " does not exist or cannot be read");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid external MQTT broker settings: " + String.join("; ", problems));
        }
    }

    public boolean tls() {
        return "mqtts".equals(scheme(url));
    }

    public String host() {
        return url.getHost();
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : tls() ? 8883 : 1883;
    }

    private static String scheme(URI url) {
        return url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ExternalBrokerSettings[url=" + url + ", clientId=" + clientId + ", username=" + username
                + ", password=" + (password == null ? "none" : "MASKED") + ", caFile=" + caFile + ", certificate="
                + certificate + "]";
    }
}
