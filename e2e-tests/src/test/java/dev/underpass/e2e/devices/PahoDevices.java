package dev.underpass.e2e.devices;

import dev.underpass.server.pki.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Eclipse Paho 1.2.5 clients as AWS IoT devices connect on port 443: MQTT 3.1.1, persistent session, client id =
 * thing, TLS with the device certificate, either with the ALPN protocol {@code x-amzn-mqtt-ca} or as MQTT over
 * WebSocket at {@code /mqtt}.
 */
final class PahoDevices {
    private PahoDevices() {
    }

    /** MQTT over TLS on the HTTPS port, offering ALPN {@code x-amzn-mqtt-ca}. */
    static MqttClient alpn(Registry.DeviceFiles device, String clientId, int httpsPort) throws Exception {
        return connect("ssl://127.0.0.1:" + httpsPort, clientId,
                new AlpnSocketFactory(context(device).getSocketFactory(), "x-amzn-mqtt-ca"));
    }

    /** MQTT over TLS on the MQTT port (8883). */
    static MqttClient tls(Registry.DeviceFiles device, String clientId, int mqttPort) throws Exception {
        return connect("ssl://127.0.0.1:" + mqttPort, clientId, context(device).getSocketFactory());
    }

    /** MQTT over WebSocket at {@code wss://…/mqtt} on the HTTPS port. */
    static MqttClient webSocket(Registry.DeviceFiles device, String clientId, int httpsPort) throws Exception {
        return connect("wss://127.0.0.1:" + httpsPort + "/mqtt", clientId, context(device).getSocketFactory());
    }

    private static MqttClient connect(String uri, String clientId, SSLSocketFactory factory) throws MqttException {
        MqttClient client = new MqttClient(uri, clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setSocketFactory(factory);
        options.setHttpsHostnameVerificationEnabled(false);
        options.setConnectionTimeout(20);
        client.connect(options);
        return client;
    }

    static SSLContext context(Registry.DeviceFiles device) throws GeneralSecurityException, IOException {
        X509Certificate cert = Pem.readCertificate(device.certificate());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", Pem.readPrivateKey(device.privateKey()), "x".toCharArray(),
                new X509Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, "x".toCharArray());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", Pem.readCertificate(device.rootCa()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return context;
    }

    /**
     * Sets the ALPN protocols on every socket it makes, in a wrapper that keeps them when Paho replaces the socket's
     * SSLParameters before the handshake ({@link AlpnSslSocket}).
     */
    private static final class AlpnSocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;
        private final String[] protocols;

        AlpnSocketFactory(SSLSocketFactory delegate, String... protocols) {
            this.delegate = delegate;
            this.protocols = protocols;
        }

        private Socket alpn(Socket socket) {
            return new AlpnSslSocket((SSLSocket) socket, protocols);
        }

        @Override
        public Socket createSocket() throws IOException {
            return alpn(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return alpn(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return alpn(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return alpn(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return alpn(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return alpn(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
