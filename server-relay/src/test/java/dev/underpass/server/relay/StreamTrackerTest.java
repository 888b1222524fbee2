package dev.underpass.server.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.protocol.MessageHeader;
import dev.underpass.protocol.proto.Message;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(NettyLeakGuard.class)
class StreamTrackerTest {
    private final StreamTracker tracker = new StreamTracker();

    private void see(Message.Type type, int streamId, String service, int connectionId) {
        tracker.observe(new MessageHeader(type.getNumber(), streamId, false, service, List.of(), connectionId, 0, 0));
    }

    @Test
    void aStreamStartMakesTheStreamActiveAndANewerOneReplacesIt() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.STREAM_START, 2, "SSH1", 1);

        assertThat(tracker.activeStream("SSH1")).isEqualTo(2);
    }

    @Test
    void connectionsComeAndGoWithinTheActiveStreamOnly() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.CONNECTION_START, 1, "SSH1", 2);
        see(Message.Type.CONNECTION_START, 9, "SSH1", 3);
        see(Message.Type.CONNECTION_RESET, 1, "SSH1", 1);

        assertThat(tracker.activeConnections("SSH1")).containsExactly(2);
        assertThat(tracker.activeStream("SSH1")).isEqualTo(1);
    }

    @Test
    void aResetOfAnOlderStreamLeavesTheActiveOneAlone() {
        see(Message.Type.STREAM_START, 2, "SSH1", 0);
        see(Message.Type.STREAM_RESET, 1, "SSH1", 0);
        assertThat(tracker.activeStream("SSH1")).isEqualTo(2);

        see(Message.Type.STREAM_RESET, 2, "SSH1", 0);
        assertThat(tracker.activeStream("SSH1")).isZero();
    }

    @Test
    void drainingGivesOneStreamResetPerActiveStreamAndForgetsThem() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.STREAM_START, 4, "", 0);
        see(Message.Type.DATA, 4, "", 0);

        List<Message> resets = tracker.drainResets();

        assertThat(resets).containsExactly(
                Message.newBuilder().setType(Message.Type.STREAM_RESET).setStreamId(1).setServiceId("SSH1").build(),
                Message.newBuilder().setType(Message.Type.STREAM_RESET).setStreamId(4).build());
        assertThat(tracker.drainResets()).isEmpty();
    }

    @Test
    void withNoPeerOnlyStartsAreAnswered() {
        MessageHeader start = new MessageHeader(2, 3, false, "VNC", List.of(), 1, 0, 0);
        MessageHeader connection = new MessageHeader(6, 3, false, "VNC", List.of(), 4, 0, 0);
        MessageHeader data = new MessageHeader(1, 3, false, "VNC", List.of(), 4, 0, 0);

        assertThat(StreamTracker.answerForAbsentPeer(start)).isEqualTo(Message.newBuilder()
                .setType(Message.Type.STREAM_RESET).setStreamId(3).setServiceId("VNC").build());
        assertThat(StreamTracker.answerForAbsentPeer(connection)).isEqualTo(Message.newBuilder()
                .setType(Message.Type.CONNECTION_RESET).setStreamId(3).setServiceId("VNC").setConnectionId(4).build());
        assertThat(StreamTracker.answerForAbsentPeer(data)).isNull();
    }

    @Test
    void trackedConnectionIdsAreBounded() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        for (int id = 2; id < 5000; id++) {
            see(Message.Type.CONNECTION_START, 1, "SSH1", id);
        }

        assertThat(tracker.activeConnections("SSH1")).hasSize(StreamTracker.MAX_TRACKED_CONNECTIONS);
    }
}
