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
    private final StreamCounts counts = new StreamCounts();
    private final StreamTracker tracker = new StreamTracker(counts);

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

    @Test
    void aV3StreamCountsItsConnectionIdsUntilItIsReset() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.CONNECTION_START, 1, "SSH1", 2);
        see(Message.Type.CONNECTION_START, 1, "SSH1", 2); // a repeated id is one connection
        see(Message.Type.CONNECTION_START, 1, "SSH1", 3);
        see(Message.Type.DATA, 1, "SSH1", 3);
        assertCounts(1, 3);

        see(Message.Type.CONNECTION_RESET, 1, "SSH1", 2);
        see(Message.Type.CONNECTION_RESET, 1, "SSH1", 2);
        see(Message.Type.CONNECTION_RESET, 1, "SSH1", 99); // never started
        assertCounts(1, 2);

        see(Message.Type.STREAM_RESET, 1, "SSH1", 0);
        assertCounts(0, 0);
    }

    @Test
    void aStreamWithoutConnectionIdsIsOneConnection() {
        see(Message.Type.STREAM_START, 1, "", 0);
        assertCounts(1, 1);
        see(Message.Type.CONNECTION_START, 1, "", 0); // nothing to track: no change
        assertCounts(1, 1);

        see(Message.Type.STREAM_RESET, 1, "", 0);
        assertCounts(0, 0);
    }

    @Test
    void aReplacedStreamTakesItsConnectionsWithIt() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.CONNECTION_START, 1, "SSH1", 2);
        see(Message.Type.STREAM_START, 2, "SSH1", 1);
        assertCounts(1, 1);

        see(Message.Type.CONNECTION_START, 1, "SSH1", 5); // of the replaced stream: ignored
        see(Message.Type.STREAM_RESET, 1, "SSH1", 0);
        assertCounts(1, 1);
    }

    @Test
    void sessionsShareTheCountsAndADrainEndsEveryStream() {
        StreamTracker other = new StreamTracker(counts);
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        see(Message.Type.STREAM_START, 1, "VNC", 1);
        see(Message.Type.CONNECTION_START, 1, "VNC", 2);
        other.observe(new MessageHeader(Message.Type.STREAM_START.getNumber(), 7, false, "", List.of(), 0, 0, 0));
        assertCounts(3, 4);

        tracker.drainResets();
        assertCounts(1, 1);
        other.drainResets();
        assertCounts(0, 0);
    }

    @Test
    void connectionsBeyondTheTrackingBoundAreNotCounted() {
        see(Message.Type.STREAM_START, 1, "SSH1", 1);
        for (int id = 2; id < 2000; id++) {
            see(Message.Type.CONNECTION_START, 1, "SSH1", id);
        }
        see(Message.Type.CONNECTION_RESET, 1, "SSH1", 1999); // untracked: no change
        assertCounts(1, StreamTracker.MAX_TRACKED_CONNECTIONS);

        tracker.drainResets();
        assertCounts(0, 0);
    }

    private void assertCounts(long streams, long connections) {
        assertThat(counts.streams()).as("streams").isEqualTo(streams);
        assertThat(counts.connections()).as("connections").isEqualTo(connections);
    }
}
