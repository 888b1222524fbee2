package dev.underpass.server.relay;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.proto.Message;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one side of a tunnel may send (SPEC §4): the role rules, chosen once per connection from its mode, and the
 * stream and service checks, from the services it was admitted with. A message that breaks a rule is a violation
 * that closes the sender's connection; the reason names the problem.
 */
final class MessageRules {
    /** Types only the server sends. */
    private static final Set<Message.Type> SERVER_ONLY = EnumSet.of(Message.Type.SESSION_RESET,
            Message.Type.SERVICE_IDS);
    /** Types that open streams and connections: only the source opens them. */
    private static final Set<Message.Type> SOURCE_ONLY = EnumSet.of(Message.Type.STREAM_START,
            Message.Type.CONNECTION_START);

    private final Mode mode;
    private final Set<Message.Type> forbidden;
    private final List<String> services;

    MessageRules(Mode mode, List<String> services) {
        this.mode = mode;
        this.services = List.copyOf(services);
        Set<Message.Type> types = EnumSet.copyOf(SERVER_ONLY);
        if (mode == Mode.DESTINATION) {
            types.addAll(SOURCE_ONLY);
        }
        this.forbidden = types;
    }

    /** The reason {@code header} is a violation, or {@code null} if the message may be forwarded. */
    String violation(MessageHeader header) {
        Message.Type type = header.type();
        if (type == Message.Type.UNRECOGNIZED) {
            return header.ignorable() ? null : "unknown message type " + header.typeNumber() + " is not ignorable";
        }
        if (forbidden.contains(type)) {
            return SERVER_ONLY.contains(type) ? "clients may not send " + type
                    : mode.wireName() + " may not send " + type;
        }
        if (!header.isStreamMessage()) {
            return null;
        }
        if (header.streamId() <= 0) {
            return "streamId must be > 0 on " + type + " (got " + header.streamId() + ")";
        }
        String serviceId = header.serviceId();
        if (serviceId.isEmpty()) {
            return services.size() <= 1 ? null
                    : "serviceId missing on " + type + ": the tunnel has " + services.size() + " services";
        }
        return services.contains(serviceId) ? null : "unknown serviceId " + Text.quote(serviceId, 48);
    }
}
