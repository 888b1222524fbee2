package dev.underpass.server.mqtt.broker;

import dev.underpass.server.mqtt.ThingTopics;
import io.moquette.broker.security.IAuthorizatorPolicy;
import io.moquette.broker.subscriptions.Topic;

/**
 * Per-thing topic rules, keyed by client id (the gate makes it equal to the certificate's thing): subscribe only
 * inside {@code $aws/things/<thing>/}, publish there too but never to {@code tunnels/}.
 */
final class ThingAcl implements IAuthorizatorPolicy {

    @Override
    public boolean canWrite(Topic topic, String user, String clientId) {
        return clientId != null && ThingTopics.mayPublish(clientId, topic.toString());
    }

    @Override
    public boolean canRead(Topic topic, String user, String clientId) {
        return clientId != null && ThingTopics.maySubscribe(clientId, topic.toString());
    }
}
