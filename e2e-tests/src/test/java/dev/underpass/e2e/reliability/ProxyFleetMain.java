package dev.underpass.e2e.reliability;

import dev.underpass.localproxy.HostPort;
import dev.underpass.localproxy.LocalProxy;
import dev.underpass.localproxy.LocalProxyConfig;
import dev.underpass.localproxy.ProxyEndpoint;
import dev.underpass.protocol.Mode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Many local proxies of one mode in one JVM, through the localproxy library API: what a test needs to drive hundreds
 * of tunnels on two cores without hundreds of JVMs. Each proxy has its own event loop, TLS session and listeners,
 * exactly as one {@code localproxy} process would. Tokens come from a file (never the command line, where any user
 * could read them), one per line; each proxy serves one service {@code ECHO}.
 *
 * <p>Usage: {@code ProxyFleetMain src|dst HOST:PORT CA_FILE TOKEN_FILE [ECHO_PORT]}. Prints
 * {@code tunnel I listening on PORT} per source, then {@code fleet ready N}; stops all proxies on SIGTERM.
 */
public final class ProxyFleetMain {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final int BATCH = 10;

    private ProxyFleetMain() {
    }

    public static void main(String[] args) throws Exception {
        Mode mode = args[0].equals("src") ? Mode.SOURCE : Mode.DESTINATION;
        ProxyEndpoint endpoint = ProxyEndpoint.parse(args[1]);
        Path ca = Path.of(args[2]);
        List<String> tokens = Files.readAllLines(Path.of(args[3])).stream().filter(l -> !l.isBlank()).toList();
        List<LocalProxy> proxies = new ArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (proxies) {
                proxies.forEach(LocalProxy::close);
            }
        }));
        // Started a batch at a time: hundreds of TLS handshakes at once on two cores time out and retry, which
        // takes longer than taking turns.
        List<CompletableFuture<Void>> batch = new ArrayList<>();
        for (String token : tokens) {
            LocalProxyConfig.Builder config = LocalProxyConfig.builder(mode, token, endpoint).caPath(ca);
            if (mode == Mode.SOURCE) {
                config.bindAddress("127.0.0.1").listenPort("ECHO", 0);
            } else {
                config.destination("ECHO", new HostPort("127.0.0.1", Integer.parseInt(args[4])));
            }
            LocalProxy proxy = LocalProxy.start(config.build());
            synchronized (proxies) {
                proxies.add(proxy);
            }
            batch.add(proxy.ready());
            if (batch.size() == BATCH) {
                CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new))
                        .get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                batch.clear();
            }
        }
        CompletableFuture.allOf(proxies.stream().map(LocalProxy::ready).toArray(CompletableFuture[]::new))
                .get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (mode == Mode.SOURCE) {
            for (int i = 0; i < proxies.size(); i++) {
                System.out.println("tunnel " + i + " listening on " + proxies.get(i).sourcePort("ECHO"));
            }
        }
        System.out.println("fleet ready " + proxies.size());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
