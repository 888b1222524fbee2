package dev.underpass.server.mqtt.notify;

import dev.underpass.protocol.Mode;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.mqtt.ThingTopics;
import dev.underpass.server.store.DestinationConfig;
import dev.underpass.server.store.Tunnel;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells devices of their tunnels (SPEC §5): on {@link #tunnelOpened} with a thing, and on {@link #tokensRotated} with
 * a new destination token, it publishes the destination token on {@code $aws/things/<thing>/tunnels/notify}.
 *
 * <p>As {@link TunnelEvents} requires, calls return at once: publishing runs on one thread of its own behind a
 * queue of {@link #QUEUE_CAPACITY}; when the queue is full the notification is dropped, logged and counted (the
 * operator can rotate the destination token to send it again). Tokens are never logged.
 */
public final class TunnelNotifier implements TunnelEvents, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TunnelNotifier.class);
    public static final int QUEUE_CAPACITY = 4096;

    private final NotificationPublisher publisher;
    private final String region;
    private final NotifyObserver observer;
    private final ThreadPoolExecutor executor;

    public TunnelNotifier(NotificationPublisher publisher, String region, NotifyObserver observer) {
        this.publisher = publisher;
        this.region = region;
        this.observer = observer;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "underpass-notify");
                    t.setDaemon(true);
                    return t;
                });
    }

    @Override
    public void tunnelOpened(Tunnel tunnel, String destinationAccessToken) {
        notifyThing(tunnel, destinationAccessToken, "opened");
    }

    @Override
    public void tokensRotated(Tunnel tunnel, Set<Mode> sides, String newDestinationTokenOrNull) {
        if (newDestinationTokenOrNull != null) {
            notifyThing(tunnel, newDestinationTokenOrNull, "destination token rotated");
        }
    }

    @Override
    public void tunnelClosed(String tunnelId) {
        // AWS sends nothing on close: the destination proxy learns it from the relay.
    }

    private void notifyThing(Tunnel tunnel, String token, String why) {
        DestinationConfig destination = tunnel.destinationConfig();
        if (destination == null || destination.thingName() == null || token == null) {
            return;
        }
        String thing = destination.thingName();
        String topic = ThingTopics.notifyTopic(thing);
        byte[] payload = NotificationPayload.destination(token, region, destination.services());
        try {
            executor.execute(() -> publish(tunnel.tunnelId(), thing, topic, payload, why));
        } catch (RejectedExecutionException e) {
            observer.notified(NotifyObserver.Outcome.DROPPED);
            LOG.warn("dropped the notification of tunnel {} for thing {} ({}): {} notifications are already waiting; "
                    + "rotate the destination token to send it again", tunnel.tunnelId(), thing, why, QUEUE_CAPACITY);
        }
    }

    /** On the notifier's thread. */
    private void publish(String tunnelId, String thing, String topic, byte[] payload, String why) {
        try {
            publisher.publish(topic, payload).whenComplete((ok, error) -> {
                if (error == null) {
                    observer.notified(NotifyObserver.Outcome.DELIVERED);
                    LOG.info("notified thing {} of tunnel {} ({}) via the {}", thing, tunnelId, why,
                            publisher.describe());
                } else {
                    failed(tunnelId, thing, error);
                }
            });
        } catch (RuntimeException e) {
            failed(tunnelId, thing, e);
        }
    }

    private void failed(String tunnelId, String thing, Throwable error) {
        observer.notified(NotifyObserver.Outcome.FAILED);
        LOG.warn("could not notify thing {} of tunnel {} via the {}: {}", thing, tunnelId, publisher.describe(),
                error.toString());
    }

    /** Stops taking notifications; those queued are given a moment to go out. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }
}
