package dev.underpass.server.mqtt.gate;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectPayload;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttConnectVariableHeader;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import java.nio.charset.StandardCharsets;

/**
 * Reads the device's CONNECT and writes the one the gate sends the broker in its place: the same packet with the
 * user name set to the verified thing and the password set to the broker's secret. Uses Netty's MQTT codec.
 */
final class ConnectCodec {
    private ConnectCodec() {
    }

    /** Decodes one whole packet; consumes (releases) {@code packet}. */
    static MqttConnectMessage decodeConnect(ByteBuf packet, int maxBytes) throws Refusal {
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(maxBytes));
        try {
            decoder.writeInbound(packet);
            Object decoded = decoder.readInbound();
            if (!(decoded instanceof MqttMessage message) || message.decoderResult().isFailure()
                    || !(message instanceof MqttConnectMessage connect)) {
                String what = decoded instanceof MqttMessage m && m.decoderResult().isFailure()
                        ? "malformed: " + m.decoderResult().cause().getMessage()
                        : decoded instanceof MqttMessage m ? m.fixedHeader().messageType() + " before CONNECT"
                        : "incomplete";
                throw new Refusal(Refusal.Reason.BAD_CONNECT, "first packet is not a CONNECT (" + what + ")");
            }
            return connect;
        } finally {
            decoder.finishAndReleaseAll();
        }
    }

    /** The device's CONNECT with the gate's credentials, encoded. */
    static ByteBuf rewrite(MqttConnectMessage connect, String thingName, String secret) {
        MqttConnectVariableHeader h = connect.variableHeader();
        MqttConnectPayload p = connect.payload();
        MqttConnectMessage rewritten = new MqttConnectMessage(connect.fixedHeader(),
                new MqttConnectVariableHeader(h.name(), h.version(), true, true, h.isWillRetain(), h.willQos(),
                        h.isWillFlag(), h.isCleanSession(), h.keepAliveTimeSeconds(), h.properties()),
                new MqttConnectPayload(p.clientIdentifier(), p.willProperties(), p.willTopic(),
                        p.willMessageInBytes(), thingName, secret.getBytes(StandardCharsets.UTF_8)));
        return encode(rewritten);
    }

    /** A CONNACK refusing the connection, in the device's protocol version. */
    static ByteBuf refusal(MqttConnectMessage connect, Refusal.Reason reason) {
        boolean v5 = connect.variableHeader().version() == 5;
        MqttConnectReturnCode code = switch (reason) {
            case CLIENT_ID_MISMATCH -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED;
            case UNAVAILABLE -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            default -> v5 ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
        };
        MqttConnAckMessage ack = MqttMessageBuilders.connAck().returnCode(code).sessionPresent(false).build();
        return encode(ack);
    }

    private static ByteBuf encode(MqttMessage message) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        try {
            encoder.writeOutbound(message);
            return encoder.readOutbound();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }
}
