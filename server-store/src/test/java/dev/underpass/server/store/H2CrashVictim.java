package dev.underpass.server.store;

import dev.underpass.protocol.Mode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A process for {@link H2FileDatabaseTest} to kill: opens the H2 store in {@code args[0]} and prints {@value #OPEN};
 * after a line on its input, creates tunnel {@code args[1]} with token hashes {@code args[2]} and {@code args[3]},
 * claims the source token, prints {@value #READY}, and waits to be killed.
 */
final class H2CrashVictim {

    static final String OPEN = "OPEN";
    static final String READY = "READY";
    static final Instant CREATED_AT = Instant.parse("2026-03-01T10:00:00.123456Z");

    private H2CrashVictim() {
    }

    public static void main(String[] args) throws Exception {
        JdbcTunnelStore store = Database.open(StoreSettings.h2File(Path.of(args[0])));
        System.out.println(OPEN);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        in.readLine();
        store.create(new NewTunnel(args[1], TestTunnels.ARN_PREFIX + args[1], null,
                new DestinationConfig("thing-1", List.of("SSH1")), 60, Map.of("k", "v"), args[2], args[3],
                CREATED_AT));
        store.claimToken(Mode.SOURCE, args[2], null, CREATED_AT);
        System.out.println(READY);
        System.out.flush();
        in.readLine();
        store.close();
    }
}
