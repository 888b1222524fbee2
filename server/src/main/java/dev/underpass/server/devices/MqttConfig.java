package dev.underpass.server.devices;

import dev.underpass.server.mqtt.notify.ExternalBrokerSettings;
import java.util.Locale;

/**
 * How the server delivers tunnel notifications over MQTT.
 *
 * @param mode     {@link Mode#EMBEDDED} (the default), {@link Mode#EXTERNAL} or {@link Mode#OFF}
 * @param port     the MQTT-over-TLS port of the embedded broker; 0 picks a free one
 * @param external the broker to publish to in {@link Mode#EXTERNAL}, else null
 */
public record MqttConfig(Mode mode, int port, ExternalBrokerSettings external) {
    public static final int DEFAULT_PORT = 8883;

    /** Where notifications go. */
    public enum Mode {
        /** A broker inside the server, devices authenticated by client certificates of the device CA. */
        EMBEDDED,
        /** A broker the user runs; the server publishes to it as a client. */
        EXTERNAL,
        /** No notifications: devices get their destination tokens some other way. */
        OFF;

        /** Parses {@code embedded}, {@code external} or {@code off}, with a message naming the bad value. */
        public static Mode parse(String value) {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("mqtt '" + value + "' must be embedded, external or off");
            }
        }
    }

    public MqttConfig {
        if (mode == null) {
            throw new IllegalArgumentException("no MQTT mode: give embedded, external or off");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("mqtt-port " + port + " is not between 0 and 65535");
        }
        if (mode == Mode.EXTERNAL && external == null) {
            throw new IllegalArgumentException("mqtt = external needs mqtt-broker-url");
        }
    }

    /** The embedded broker on the default port. */
    public static MqttConfig embedded() {
        return new MqttConfig(Mode.EMBEDDED, DEFAULT_PORT, null);
    }

    public MqttConfig withPort(int newPort) {
        return new MqttConfig(mode, newPort, external);
    }
}
