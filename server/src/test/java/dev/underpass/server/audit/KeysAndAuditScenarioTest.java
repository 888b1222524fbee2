package dev.underpass.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.server.ServerMain;
import dev.underpass.server.auth.CredentialsFile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real server process with {@code --log-format json}: two access keys work through a tunnel's life (create a
 * key, open, both sides connect, rotate, close, revoke), and then the audit trail names the right key for every
 * call, records every tunnel event with the bytes and addresses, the revoked key is refused at once, every stderr
 * line is a JSON object, the audit lines carry their fields as key/values, and no token or secret is in any line.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeysAndAuditScenarioTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("Underpass listening on (http://\\S+)");

    @TempDir
    Path dataDir;

    private Process server;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CompletableFuture<URI> endpoint = new CompletableFuture<>();

    @AfterEach
    void stop() throws Exception {
        Files.write(Path.of("target", "keys-and-audit-scenario.log"), stderr); // for a look after a failure
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void startServer() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                ServerMain.class.getName(), "--data-dir", dataDir.toString(), "--port", "0", "--plain");
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("UNDERPASS_LOG_FORMAT", "json"); // through the layered defaults
        builder.environment().remove("UNDERPASS_LOG_LEVEL");
        server = builder.start();
        daemon(() -> pump(server.inputReader(StandardCharsets.UTF_8), null));
        daemon(() -> pump(server.errorReader(StandardCharsets.UTF_8), stderr));
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "server-output");
        thread.setDaemon(true);
        thread.start();
    }

    private void pump(BufferedReader reader, List<String> into) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (into != null) {
                    into.add(line);
                } else {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        endpoint.complete(URI.create(m.group(1)));
                    }
                }
            }
        } catch (Exception e) {
            endpoint.completeExceptionally(e);
        }
    }

    @Test
    void everyCallAndEventIsAuditedWithItsPrincipalAndTheJsonLogHoldsNoSecret() throws Exception {
        startServer();
        URI base = endpoint.get(60, TimeUnit.SECONDS);
        Map.Entry<String, String> admin = CredentialsFile.read(dataDir.resolve("credentials")).entrySet().iterator()
                .next();
        SignedHttp http = new SignedHttp(base);
        List<String> secrets = new ArrayList<>(List.of(admin.getValue()));

        // The admin creates a key for an operator; the secret is shown once.
        JsonNode created = ok(http.call("POST", "/keys", "{\"name\":\"operator\",\"description\":\"on call\"}",
                admin.getKey(), admin.getValue())).get("accessKey");
        String operator = created.get("accessKeyId").asText();
        String operatorSecret = created.get("secretAccessKey").asText();
        secrets.add(operatorSecret);
        assertThat(operator).hasSize(20).startsWith("AKUP");
        assertThat(created.get("createdBy").asText()).isEqualTo(admin.getKey());

        // The operator opens a tunnel, both sides connect, the operator rotates, the admin closes.
        JsonNode opened = ok(http.call("POST", "/tunnels",
                "{\"destinationConfig\":{\"thingName\":\"pump-7\",\"services\":[\"ssh\"]}}", operator,
                operatorSecret));
        String tunnelId = opened.get("tunnelId").asText();
        secrets.add(opened.get("sourceAccessToken").asText());
        secrets.add(opened.get("destinationAccessToken").asText());
        Side source = Side.connect(base, "source", opened.get("sourceAccessToken").asText());
        Side destination = Side.connect(base, "destination", opened.get("destinationAccessToken").asText());
        source.socket.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {0x00, 0x0b, 0x08, 0x02, 0x10, 0x01, 0x2a,
                0x03, 's', 's', 'h', 0x38, 0x01}), true).get(10, TimeUnit.SECONDS); // STREAM_START ssh: 13 bytes
        await().until(() -> destination.binaryBytes() == 9 + 13); // SERVICE_IDS ["ssh"], then the STREAM_START
        JsonNode rotated = ok(http.call("POST", "/tunnel/" + tunnelId + "/rotate", "{\"clientMode\":\"ALL\"}",
                operator, operatorSecret));
        secrets.add(rotated.get("sourceAccessToken").asText());
        secrets.add(rotated.get("destinationAccessToken").asText());
        source.closed.get(10, TimeUnit.SECONDS);
        destination.closed.get(10, TimeUnit.SECONDS);
        ok(http.call("DELETE", "/tunnels/" + tunnelId, null, admin.getKey(), admin.getValue()));

        // The admin revokes the operator's key: refused from the next request on.
        JsonNode revoked = ok(http.call("DELETE", "/keys/" + operator, null, admin.getKey(), admin.getValue()));
        assertThat(revoked.get("accessKey").get("status").asText()).isEqualTo("REVOKED");
        HttpResponse<String> refused = http.call("GET", "/tunnels", null, operator, operatorSecret);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("x-amzn-ErrorType")).contains("UnrecognizedClientException");

        // The trail names who did what, and every tunnel event.
        List<JsonNode> trail = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            trail.clear();
            ok(http.call("GET", "/tunnels/" + tunnelId + "/audit", null, admin.getKey(), admin.getValue()))
                    .get("events").forEach(trail::add);
            assertThat(trail).extracting(e -> e.get("action").asText()).contains("OpenTunnel",
                    "RotateTunnelAccessToken", "CloseTunnel", "TOKENS_ROTATED", "CLOSED");
            assertThat(trail).filteredOn(e -> e.get("action").asText().equals("SIDE_DISCONNECTED")).hasSize(2);
        });
        assertThat(principal(trail, "OpenTunnel")).isEqualTo(operator + "/operator");
        assertThat(principal(trail, "RotateTunnelAccessToken")).isEqualTo(operator + "/operator");
        assertThat(principal(trail, "CloseTunnel")).isEqualTo(admin.getKey() + "/bootstrap");
        for (JsonNode call : trail) {
            if (call.get("kind").asText().equals("API_CALL")) {
                assertThat(call.get("outcome").asText()).isEqualTo("ok");
                assertThat(call.get("remoteAddress").asText()).startsWith("127.0.0.1:");
                assertThat(call.get("requestId").asText()).isNotBlank();
            }
            assertThat(call.get("thingName").asText()).as(call.toString()).isEqualTo("pump-7");
        }
        JsonNode sourceLeft = trail.stream().filter(e -> e.get("action").asText().equals("SIDE_DISCONNECTED")
                && e.get("side").asText().equals("SOURCE")).findFirst().orElseThrow();
        assertThat(sourceLeft.get("bytesSourceToDestination").asLong()).isEqualTo(13);
        assertThat(sourceLeft.get("bytesDestinationToSource").asLong()).isZero();
        assertThat(sourceLeft.get("remoteAddress").asText()).startsWith("127.0.0.1:");

        // Stop the process (SIGTERM: the shutdown hook flushes the audit), then read its whole log.
        server.toHandle().destroy(); // not Process.destroy(), which also closes our end of its stderr
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();
        await().until(() -> stderr.stream().anyMatch(line -> line.contains("Underpass stopped")));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : stderr) {
            lines.add(JSON.readTree(line)); // throws if any line is not JSON
            for (String secret : secrets) {
                assertThat(line).doesNotContain(secret);
            }
        }
        List<Map<String, String>> audit = lines.stream()
                .filter(l -> l.path("loggerName").asText().equals(AuditLogLine.LOGGER)).map(this::fields).toList();
        assertThat(audit).anySatisfy(f -> assertThat(f).containsEntry("action", "OpenTunnel")
                .containsEntry("accessKeyId", operator).containsEntry("keyName", "operator")
                .containsEntry("tunnelId", tunnelId).containsEntry("thingName", "pump-7")
                .containsEntry("outcome", "ok").containsKey("remoteAddress").containsKey("requestId"));
        assertThat(audit).anySatisfy(f -> assertThat(f).containsEntry("action", "RevokeAccessKey")
                .containsEntry("accessKeyId", admin.getKey()));
        assertThat(audit).anySatisfy(f -> assertThat(f).containsEntry("action", "ListTunnels")
                .containsEntry("outcome", "UnrecognizedClientException").doesNotContainKey("accessKeyId"));
        assertThat(audit).anySatisfy(f -> assertThat(f).containsEntry("action", "SIDE_DISCONNECTED")
                .containsEntry("side", "DESTINATION").containsEntry("bytesDestinationToSource", "0"));
    }

    private static String principal(List<JsonNode> trail, String action) {
        JsonNode entry = trail.stream().filter(e -> e.get("action").asText().equals(action)).findFirst().orElseThrow();
        return entry.get("accessKeyId").asText() + "/" + entry.get("keyName").asText();
    }

    /** Logback's kvpList, {@code [{"key": value}, ...]}, as one map of texts. */
    private Map<String, String> fields(JsonNode line) {
        Map<String, String> fields = new HashMap<>();
        line.path("kvpList").forEach(pair -> pair.fields().forEachRemaining(f -> fields.put(f.getKey(),
                f.getValue().isTextual() ? f.getValue().textValue() : f.getValue().toString())));
        return fields;
    }

    private static JsonNode ok(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** One side of the tunnel over the JDK's WebSocket client. */
    private static final class Side implements WebSocket.Listener {
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
        WebSocket socket;

        static Side connect(URI base, String mode, String token) throws Exception {
            Side side = new Side();
            side.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .header("access-token", token)
                    .subprotocols("aws.iot.securetunneling-3.0")
                    .buildAsync(URI.create("ws://" + base.getAuthority() + "/tunnel?local-proxy-mode=" + mode), side)
                    .get(10, TimeUnit.SECONDS);
            return side;
        }

        long binaryBytes() {
            return received.get();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, java.nio.ByteBuffer data, boolean last) {
            received.addAndGet(data.remaining());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }
}
