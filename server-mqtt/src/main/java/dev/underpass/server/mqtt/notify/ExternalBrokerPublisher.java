package dev.underpass.server.mqtt.notify;

import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import dev.underpass.server.pki.Pem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes notifications to a broker the user runs (Mosquitto, EMQX, HiveMQ, AWS IoT Core) as an MQTT 3.1.1
 * client: a clean session, reconnecting forever with the client's backoff. A notification published while the
 * broker is unreachable fails at once (it is not queued here: the broker's persistent sessions are what hold
 * notifications for offline devices).
 */
public final class ExternalBrokerPublisher implements NotificationPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalBrokerPublisher.class);
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private final ExternalBrokerSettings settings;
    private final Mqtt3AsyncClient client;

    private ExternalBrokerPublisher(ExternalBrokerSettings settings, Mqtt3AsyncClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** Starts connecting and returns at once; the connection comes up in the background. */
    public static ExternalBrokerPublisher start(ExternalBrokerSettings settings) {
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier(settings.clientId())
                .serverHost(settings.host())
                .serverPort(settings.port())
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(30, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(c -> LOG.info("connected to external MQTT broker {}", settings.url()))
                .addDisconnectedListener(c -> LOG.warn("external MQTT broker {}: {}; reconnecting", settings.url(),
                        c.getCause().getMessage()));
        if (settings.tls()) {
            MqttClientSslConfigBuilder.Nested<? extends Mqtt3ClientBuilder> ssl = builder.sslConfig();
            if (settings.caFile() != null) {
                ssl.trustManagerFactory(trust(settings.caFile()));
            }
            if (settings.certificate() != null) {
                ssl.keyManagerFactory(keys(settings.certificate(), settings.privateKey()));
            }
            builder = ssl.applySslConfig();
        }
        if (settings.username() != null) {
            var auth = builder.simpleAuth().username(settings.username());
            if (settings.password() != null) {
                auth.password(settings.password().getBytes(StandardCharsets.UTF_8));
            }
            builder = auth.applySimpleAuth();
        }
        Mqtt3AsyncClient client = builder.buildAsync();
        client.connectWith().cleanSession(true).keepAlive(60).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.warn("cannot connect to external MQTT broker {} yet: {}; retrying", settings.url(),
                        error.getMessage());
            }
        });
        return new ExternalBrokerPublisher(settings, client);
    }

    @Override
    public CompletionStage<Void> publish(String topic, byte[] payload) {
        if (!client.getState().isConnected()) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected to the external broker "
                    + settings.url()));
        }
        return client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).retain(false).payload(payload).send()
                .thenApply(published -> null);
    }

    @Override
    public boolean ready() {
        return client.getState().isConnected();
    }

    @Override
    public String describe() {
        return "external broker " + settings.url();
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnecting from the external broker: {}", e.toString());
        }
    }

    private static TrustManagerFactory trust(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (cas.isEmpty()) {
                throw new IllegalArgumentException("mqtt-ca " + caFile + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate ca : cas) {
                store.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            return tmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use mqtt-ca " + caFile + ": " + e.getMessage(), e);
        }
    }

    private static KeyManagerFactory keys(Path certificate, Path keyFile) {
        try {
            X509Certificate cert = Pem.readCertificate(certificate);
            PrivateKey key = Pem.readPrivateKey(keyFile);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, IN_MEMORY, List.of(cert).toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, IN_MEMORY);
            return kmf;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use mqtt-client-cert " + certificate + " with mqtt-client-key "
                    + keyFile + ": " + e.getMessage(), e);
        }
    }

}
