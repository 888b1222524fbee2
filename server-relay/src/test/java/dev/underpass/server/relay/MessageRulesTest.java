package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class MessageRulesTest {
    private static final MessageRules SOURCE = new MessageRules(Mode.SOURCE, List.of("SSH1", "VNC"));
    private static final MessageRules DESTINATION = new MessageRules(Mode.DESTINATION, List.of("SSH1", "VNC"));

    private static MessageHeader header(Message.Type type, int streamId, String serviceId) {
        return new MessageHeader(type.getNumber(), streamId, false, serviceId, List.of(), 1, 0, 0);
    }

    @Test
    void theSourceMayStartStreamsAndConnections() {
        assertThat(SOURCE.violation(header(Message.Type.STREAM_START, 1, "SSH1"))).isNull();
        assertThat(SOURCE.violation(header(Message.Type.CONNECTION_START, 1, "VNC"))).isNull();
    }

    @Test
    void theDestinationMayNotStartStreamsOrConnections() {
        assertThat(DESTINATION.violation(header(Message.Type.STREAM_START, 1, "SSH1")))
                .isEqualTo("destination may not send STREAM_START");
        assertThat(DESTINATION.violation(header(Message.Type.CONNECTION_START, 1, "SSH1")))
                .isEqualTo("destination may not send CONNECTION_START");
    }

    @Test
    void bothSidesMayResetAndSendData() {
        for (MessageRules rules : List.of(SOURCE, DESTINATION)) {
            for (Message.Type type : List.of(Message.Type.DATA, Message.Type.STREAM_RESET,
                    Message.Type.CONNECTION_RESET)) {
                assertThat(rules.violation(header(type, 3, "VNC"))).as(type.name()).isNull();
            }
        }
    }

    @Test
    void noClientMaySendWhatOnlyTheServerSends() {
        assertThat(SOURCE.violation(header(Message.Type.SESSION_RESET, 0, "")))
                .isEqualTo("clients may not send SESSION_RESET");
        assertThat(DESTINATION.violation(header(Message.Type.SERVICE_IDS, 0, "")))
                .isEqualTo("clients may not send SERVICE_IDS");
    }

    @Test
    void streamMessagesNeedAPositiveStreamId() {
        assertThat(SOURCE.violation(header(Message.Type.DATA, 0, "SSH1")))
                .isEqualTo("streamId must be > 0 on DATA (got 0)");
        assertThat(DESTINATION.violation(header(Message.Type.STREAM_RESET, -4, "SSH1")))
                .isEqualTo("streamId must be > 0 on STREAM_RESET (got -4)");
    }

    @Test
    void serviceIdsMustBeTheTunnelsAndMayBeOmittedOnlyWithAtMostOneService() {
        assertThat(SOURCE.violation(header(Message.Type.DATA, 1, "FTP\n"))).isEqualTo("unknown serviceId 'FTP?'");
        assertThat(SOURCE.violation(header(Message.Type.DATA, 1, "")))
                .isEqualTo("serviceId missing on DATA: the tunnel has 2 services");
        assertThat(new MessageRules(Mode.SOURCE, List.of("SSH")).violation(header(Message.Type.DATA, 1, "")))
                .isNull();
        assertThat(new MessageRules(Mode.SOURCE, List.of()).violation(header(Message.Type.STREAM_START, 1, "")))
                .isNull();
    }

    @Test
    void unknownTypesPassOnlyWhenIgnorable() {
        MessageHeader ignorable = new MessageHeader(99, 0, true, "", List.of(), 0, 0, 0);
        MessageHeader required = new MessageHeader(99, 0, false, "", List.of(), 0, 0, 0);

        assertThat(DESTINATION.violation(ignorable)).isNull();
        assertThat(DESTINATION.violation(required)).isEqualTo("unknown message type 99 is not ignorable");
    }
}
