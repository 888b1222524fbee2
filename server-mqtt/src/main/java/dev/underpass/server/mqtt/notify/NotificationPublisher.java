package dev.underpass.server.mqtt.notify;

import java.util.concurrent.CompletionStage;

/**
 * Publishes one message at QoS 1, not retained: the embedded broker in-process, or an external broker as a client.
 * {@link #publish} may do a little work on the calling thread but never waits for the network.
 */
public interface NotificationPublisher extends AutoCloseable {

    /** Completes when the broker accepted the message; fails when it did not. */
    CompletionStage<Void> publish(String topic, byte[] payload);

    /** Whether a message published now can reach the broker (for {@code /ready}). */
    boolean ready();

    /** A short description for logs and {@code /ready}, without secrets. */
    String describe();

    @Override
    void close();
}
