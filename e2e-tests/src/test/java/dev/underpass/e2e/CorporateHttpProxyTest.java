package dev.underpass.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.underpass.e2e.support.ConnectProxy;
import dev.underpass.e2e.support.JavaProcess;
import dev.underpass.e2e.support.LocalProxyProcesses;
import dev.underpass.e2e.support.Proxies;
import dev.underpass.e2e.support.SshCommand;
import dev.underpass.e2e.support.SshServerFixture;
import dev.underpass.e2e.support.TestServer;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.protocol.testing.NettyLeakGuard;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/** A source local proxy behind an authenticating HTTP proxy reaches the server with CONNECT ({@code HTTPS_PROXY}). */
@ExtendWith(NettyLeakGuard.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorporateHttpProxyTest {
    private static final String PROXY_PASSWORD = "pr0xy-s3cret";

    @TempDir
    Path dataDir;

    @Test
    void aSourceProxyProcessReachesTheServerThroughAConnectProxyWithBasicAuthentication() throws Exception {
        try (TestServer server = TestServer.start(dataDir);
             SshServerFixture sshd = SshServerFixture.start();
             ConnectProxy corporate = ConnectProxy.start("operator", PROXY_PASSWORD)) {
            OpenTunnelResponse tunnel = server.api().openTunnel(r -> r.destinationConfig(d -> d.services("SSH")));
            Map<String, String> env = new HashMap<>();
            env.put("HTTPS_PROXY", "http://operator:" + PROXY_PASSWORD + "@127.0.0.1:" + corporate.port());
            env.put("https_proxy", null);
            env.put("NO_PROXY", null);
            env.put("no_proxy", null);
            try (LocalProxy destination = Proxies.destination(server, tunnel.destinationAccessToken(),
                    Map.of("SSH", sshd.port()));
                 JavaProcess source = LocalProxyProcesses.source("proxied-src", JavaProcess.QUICK, server,
                         tunnel.sourceAccessToken(), "SSH=0", env)) {
                int port = LocalProxyProcesses.listenPort(source, "SSH");

                assertThat(SshCommand.run(port, "echo through a corporate proxy"))
                        .isEqualTo("through a corporate proxy\n");
                assertThat(corporate.tunnelledTargets()).containsExactly(server.proxyEndpoint());
                assertThat(corporate.refusedRequests()).isEmpty();
                assertThat(source.output()).as("the proxy password never reaches the log")
                        .doesNotContain(PROXY_PASSWORD);
            }
        }
    }
}
