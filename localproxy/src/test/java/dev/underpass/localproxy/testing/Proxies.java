package dev.underpass.localproxy.testing;

import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import java.time.Duration;

/** Config builders for proxies talking to a {@link TestRelay}, with quick reconnects. */
public final class Proxies {
    public static final String SOURCE_TOKEN = "source-access-token";
    public static final String DESTINATION_TOKEN = "destination-access-token";
    private static final Duration FIRST_RETRY = Duration.ofMillis(50);
    private static final Duration MAX_RETRY = Duration.ofMillis(400);

    private Proxies() {
    }

    public static LocalProxyConfig.Builder source(TestRelay relay) {
        return LocalProxyConfig.builder(Mode.SOURCE, SOURCE_TOKEN, ProxyEndpoint.parse("ws://127.0.0.1:" + relay.port()))
                .reconnectDelay(FIRST_RETRY, MAX_RETRY);
    }

    public static LocalProxyConfig.Builder destination(TestRelay relay) {
        return LocalProxyConfig.builder(Mode.DESTINATION, DESTINATION_TOKEN,
                ProxyEndpoint.parse("ws://127.0.0.1:" + relay.port())).reconnectDelay(FIRST_RETRY, MAX_RETRY);
    }
}
