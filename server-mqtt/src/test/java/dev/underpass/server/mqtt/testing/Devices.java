package dev.underpass.server.mqtt.testing;

import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;

/** MQTT 3.1.1 clients (HiveMQ's) for test devices: TLS with the device's certificate, trusting the root CA. */
public final class Devices {
    private Devices() {
    }

    public static Mqtt3BlockingClient client(TestPki.Device device, String clientId, int port) {
        return Mqtt3Client.builder()
                .identifier(clientId)
                .serverHost("localhost")
                .serverPort(port)
                .sslConfig().keyManagerFactory(device.keyManagers()).trustManagerFactory(device.trustManagers())
                .applySslConfig()
                .buildBlocking();
    }
}
