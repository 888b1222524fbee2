package dev.underpass.localproxy.tunnel;

import dev.underpass.protocol.proto.Message;

/**
 * How the tunnel names one TCP connection: service, stream and connection id as they go on the wire. A V1 session
 * has an empty service id; V1 and V2 sessions have connection id 0 (one connection per stream).
 *
 * @param serviceId    the service id written in messages, empty for V1
 * @param streamId     the stream, at least 1
 * @param connectionId the connection inside the stream, 0 when the session has no connection ids
 */
public record ConnectionKey(String serviceId, int streamId, int connectionId) {

    /** The message that ends this connection: CONNECTION_RESET when it has an id, else STREAM_RESET. */
    public Message.Type resetType() {
        return connectionId != 0 ? Message.Type.CONNECTION_RESET : Message.Type.STREAM_RESET;
    }

    @Override
    public String toString() {
        return (serviceId.isEmpty() ? "" : serviceId + " ") + "stream " + streamId
                + (connectionId != 0 ? " connection " + Integer.toUnsignedString(connectionId) : "");
    }
}
