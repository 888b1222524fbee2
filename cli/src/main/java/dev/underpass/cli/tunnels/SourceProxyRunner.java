package dev.underpass.cli.tunnels;

import dev.underpass.cli.ExitCodes;
import dev.underpass.cli.config.ConnectionSettings;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * Runs the source local proxy of {@code tunnels open --connect} in this process, with the tunnel's source token,
 * against the data plane on the API's own host and port. Prints one stderr line per listening port once they are
 * bound, then waits until the tunnel is closed (exit 0), the proxy fails ({@link ExitCodes#PROXY_FAILED}), or the
 * process is interrupted (Ctrl-C stops the proxy; the tunnel stays open).
 */
final class SourceProxyRunner {
    private final ConnectionSettings settings;
    private final PrintWriter err;

    SourceProxyRunner(ConnectionSettings settings, PrintWriter err) {
        this.settings = settings;
        this.err = err;
    }

    /**
     * @param services the tunnel's services (empty for a tunnel without named services)
     * @return the exit code
     */
    int run(String tunnelId, String sourceToken, ConnectPorts ports, List<String> services) {
        LocalProxyConfig config = LocalProxyConfig.builder(Mode.SOURCE, sourceToken,
                        ProxyEndpoint.parse(settings.endpoint().toString()))
                .listenPorts(ports.ports())
                .caPath(settings.caBundle().orElse(null))
                .build();
        LocalProxy proxy = LocalProxy.start(config);
        Thread onCtrlC = new Thread(proxy::close, "underpass-stop-local-proxy");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            try {
                proxy.ready().join();
            } catch (CompletionException e) {
                return failed(proxy, proxy.awaitExit(), tunnelId);
            }
            for (String service : services.isEmpty() ? List.of("") : services) {
                err.println("Listening on " + config.listenAddress() + ":" + proxy.sourcePort(service)
                        + (service.isEmpty() ? "" : " for service " + service) + " of tunnel " + tunnelId);
            }
            err.flush();
            int code = proxy.awaitExit();
            return code == 0 ? ExitCodes.OK : failed(proxy, code, tunnelId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.PROXY_FAILED;
        } finally {
            proxy.close();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running
            }
        }
    }

    private int failed(LocalProxy proxy, int code, String tunnelId) {
        err.println("The local proxy stopped: " + proxy.failure().orElse("exit code " + code) + ". Tunnel "
                + tunnelId + " stays open; close it with: underpass tunnels close --tunnel-id " + tunnelId);
        err.flush();
        return ExitCodes.PROXY_FAILED;
    }
}
