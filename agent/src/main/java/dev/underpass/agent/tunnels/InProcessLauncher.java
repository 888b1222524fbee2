package dev.underpass.agent.tunnels;

import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.protocol.Mode;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Runs each destination as an in-process {@link LocalProxy}: one event-loop thread per tunnel, nothing else. */
public final class InProcessLauncher implements TunnelLauncher {

    @Override
    public RunningTunnel launch(TunnelRequest request) {
        LocalProxyConfig config = LocalProxyConfig.builder(Mode.DESTINATION, request.accessToken(), request.endpoint())
                .destinations(request.destinations())
                .caPath(request.caFile())
                .build();
        return new InProcessTunnel(LocalProxy.start(config));
    }

    @Override
    public String describe() {
        return "in-process destination proxies";
    }

    private record InProcessTunnel(LocalProxy proxy) implements RunningTunnel {
        @Override
        public CompletableFuture<Integer> exit() {
            return proxy.exit();
        }

        @Override
        public TunnelState state() {
            return proxy.connected() ? TunnelState.CONNECTED : TunnelState.CONNECTING;
        }

        @Override
        public Optional<String> failure() {
            return proxy.failure();
        }

        @Override
        public void close() {
            proxy.close();
        }
    }
}
