package dev.underpass.server.relay;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an upgraded channel that has not joined its tunnel yet onto the event loop of the tunnel's other side, then
 * lets it join there, so that forwarding between the two is a plain call instead of a task and a wake-up on another
 * thread (see docs/RELAY.md). Co-location only saves work: every path between the sides stays thread-safe without it,
 * so whenever a move is not clearly safe, or fails, the channel joins where it is.
 *
 * <p>Preconditions, which make the move safe: it runs on the channel's own loop, before the relay's handlers (and
 * their timers) exist and before anyone else knows the channel, with auto-read off and nothing waiting to be
 * written. Netty then runs the deregistration later on the old loop, and the registration as a task on the new one;
 * while the channel is in no loop nothing reads, writes or fires for it. The continuation runs on the new loop inside
 * the registration, before that loop polls the channel for I/O.
 */
final class LoopMove {
    private static final Logger log = LoggerFactory.getLogger(LoopMove.class);

    private LoopMove() {
    }

    /**
     * Where a side of {@code tunnelId} joins: its peer's loop when the peer is connected, otherwise the tunnel's home
     * loop, one of the channel's event loop group picked by the tunnel id. Two sides that join at the same moment (both
     * proxies started together, or reconnecting together after a server restart) find no peer yet, and both go home,
     * so they still meet on one loop; tunnels spread over the loops as their ids do. {@code null} when the channel's
     * loop belongs to no group (embedded channels of tests).
     */
    static EventLoop target(Channel channel, EventLoop peerLoop, String tunnelId) {
        if (peerLoop != null) {
            return peerLoop;
        }
        EventLoopGroup group = channel.eventLoop().parent();
        if (group == null) {
            return null;
        }
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor executor : group) {
            if (executor instanceof EventLoop) {
                loops.add((EventLoop) executor);
            }
        }
        return loops.isEmpty() ? null : loops.get(Math.floorMod(tunnelId.hashCode(), loops.size()));
    }

    /**
     * Runs {@code join} on {@code target} after moving {@code channel} there, or at once where it is when there is no
     * target, the channel is there already, or it cannot move safely. Not run if the channel closes during the move.
     * Event loop of {@code channel} only.
     */
    static void thenJoin(Channel channel, EventLoop target, Runnable join) {
        EventLoop origin = channel.eventLoop();
        if (target == null || target == origin || !canMove(channel, target)) {
            join.run();
            return;
        }
        channel.deregister().addListener(deregistered -> {
            // On the old loop, after Netty took the channel out of it.
            if (!channel.isOpen()) {
                log.debug("{} closed while leaving its event loop", channel);
                return; // the close ran the pipeline's teardown already
            }
            register(channel, target.isShuttingDown() ? origin : target, origin, join);
        });
    }

    private static void register(Channel channel, EventLoop loop, EventLoop origin, Runnable join) {
        // The promise's listener must be there before the registration can complete: it then runs on the new loop
        // within the registration task, before any I/O of the channel is handled there.
        ChannelPromise registered = channel.newPromise();
        registered.addListener(f -> {
            if (f.isSuccess()) {
                join.run();
            } else if (channel.isOpen() && !channel.isRegistered() && loop != origin) {
                log.debug("could not move {} to {}, staying: {}", channel, loop, f.cause().toString());
                register(channel, origin, origin, join);
            } else {
                log.debug("could not register {} again: {}", channel, f.cause().toString());
                channel.close();
            }
        });
        loop.register(registered);
    }

    /**
     * Between two I/O loops only (an embedded channel's loop, as in tests and benchmarks, runs its tasks when told),
     * with no write waiting (its interest in writability would be lost), open, and a target that takes tasks.
     */
    private static boolean canMove(Channel channel, EventLoop target) {
        ChannelOutboundBuffer outbound = channel.unsafe().outboundBuffer();
        return target instanceof IoEventLoop && channel.eventLoop() instanceof IoEventLoop
                && channel.isActive() && channel.isRegistered() && !channel.config().isAutoRead()
                && outbound != null && outbound.isEmpty() && !target.isShuttingDown()
                && channel.eventLoop().inEventLoop();
    }
}
