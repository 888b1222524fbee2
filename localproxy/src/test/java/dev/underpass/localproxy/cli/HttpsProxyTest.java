package dev.underpass.localproxy.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.testing.ConnectProxy;
import dev.underpass.localproxy.testing.TestRelay;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(NettyLeakGuard.class)
class HttpsProxyTest {

    @Test
    void theServerIsReachedThroughTheConnectProxyNamedByHttpsProxy() throws Exception {
        try (TestRelay relay = TestRelay.start("SSH1"); ConnectProxy proxy = new ConnectProxy()) {
            Map<String, String> env = Map.of("AWSIOT_TUNNEL_ACCESS_TOKEN", "token",
                    "HTTPS_PROXY", "http://alice:s3cret@127.0.0.1:" + proxy.port());
            LocalProxyCommand command = new LocalProxyCommand(env);
            new CommandLine(command).parseArgs("-e", "ws://127.0.0.1:" + relay.port(), "-s", "SSH1=0");
            LocalProxyConfig config = command.settings().config();
            try (LocalProxy src = LocalProxy.start(config)) {
                src.ready().get(15, TimeUnit.SECONDS);
                assertThat(src.connected()).isTrue();
            }
            assertThat(proxy.targets()).containsExactly("127.0.0.1:" + relay.port());
            assertThat(proxy.authorizations()).containsExactly(
                    "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes()));
        }
    }
}
