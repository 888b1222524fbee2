package dev.underpass.server.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.server.api.ApiSettings;
import dev.underpass.server.api.ControlApi;
import dev.underpass.server.api.TunnelEvents;
import dev.underpass.server.api.auth.AccessKeys;
import dev.underpass.server.api.auth.SigV4Verifier;
import dev.underpass.server.api.testing.SdkSigning;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.StoreSettings;
import dev.underpass.server.store.TunnelStore;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The REST routes of SPEC §2 over real HTTP, signed by the SDK's SigV4 signer, sent by java.net.http. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestRoutesTest {
    private static final String KEY_ID = "AKIARESTTEST00000001";
    private static final String SECRET = "rest-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> UNSIGNABLE = Set.of("host", "content-length");

    private TunnelStore store;
    private ApiTestServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start(@TempDir Path dataDir) throws InterruptedException {
        store = Database.open(StoreSettings.h2File(dataDir).withPoolSize(2));
        ControlApi api = new ControlApi(store, ApiSettings.defaults(), Clock.systemUTC(), TunnelEvents.NONE);
        server = new ApiTestServer(api, new SigV4Verifier(AccessKeys.of(Map.of(KEY_ID, SECRET)), Clock.systemUTC()));
    }

    @AfterAll
    void stop() throws InterruptedException {
        server.close();
        store.close();
    }

    @Test
    void everyOperationIsReachableThroughItsRestRoute() throws Exception {
        HttpResponse<String> opened = send("POST", "/tunnels", "{\"description\":\"rest\",\"tags\":[{\"key\":\"k\","
                + "\"value\":\"v\"}],\"destinationConfig\":{\"thingName\":\"rest-thing\",\"services\":[\"ssh\"]}}");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(opened.headers().firstValue("x-amzn-RequestId")).isPresent();
        String id = json(opened).get("tunnelId").asText();
        String arn = json(opened).get("tunnelArn").asText();
        assertThat(json(opened).get("sourceAccessToken").asText()).isNotBlank();

        JsonNode listed = json(ok(send("GET", "/tunnels?thingName=rest-thing&maxResults=1", null)));
        assertThat(listed.at("/tunnelSummaries/0/tunnelId").asText()).isEqualTo(id);

        JsonNode described = json(ok(send("GET", "/tunnels/" + id, null)));
        assertThat(described.at("/tunnel/destinationConfig/thingName").asText()).isEqualTo("rest-thing");

        JsonNode rotated = json(ok(send("POST", "/tunnel/" + id + "/rotate", "{\"clientMode\":\"DESTINATION\"}")));
        assertThat(rotated.get("tunnelArn").asText()).isEqualTo(arn);
        assertThat(rotated.has("destinationAccessToken")).isTrue();
        assertThat(rotated.has("sourceAccessToken")).isFalse();

        ok(send("POST", "/tags", "{\"resourceArn\":\"" + arn + "\",\"tags\":[{\"key\":\"env\",\"value\":\"lab\"}]}"));
        String tagsPath = "/tags?resourceArn=" + URLEncoder.encode(arn, StandardCharsets.UTF_8);
        assertThat(json(ok(send("GET", tagsPath, null))).get("tags").toString())
                .isEqualTo("[{\"key\":\"k\",\"value\":\"v\"},{\"key\":\"env\",\"value\":\"lab\"}]");
        ok(send("POST", "/untag", "{\"resourceArn\":\"" + arn + "\",\"tagKeys\":[\"k\"]}"));
        assertThat(json(ok(send("GET", tagsPath, null))).get("tags")).hasSize(1);

        assertThat(ok(send("DELETE", "/tunnels/" + id, null)).body()).isEqualTo("{}");
        assertThat(json(ok(send("GET", "/tunnels/" + id, null))).at("/tunnel/status").asText()).isEqualTo("CLOSED");
        ok(send("DELETE", "/tunnels/" + id + "?delete=true", null));

        HttpResponse<String> gone = send("GET", "/tunnels/" + id, null);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
        assertThat(json(gone).get("__type").asText()).isEqualTo("ResourceNotFoundException");
        assertThat(json(gone).get("message").asText()).contains(id);
    }

    @Test
    void badParametersAreValidationErrorsWithStatus400() throws Exception {
        HttpResponse<String> notANumber = send("GET", "/tunnels?maxResults=many", null);
        assertThat(notANumber.statusCode()).isEqualTo(400);
        assertThat(json(notANumber).get("message").asText()).contains("Value 'many' at 'maxResults'");

        HttpResponse<String> badId = send("GET", "/tunnels/a%20b", null);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json(badId).get("message").asText()).contains("Value 'a b' at 'tunnelId'");

        HttpResponse<String> badBody = send("POST", "/tunnels", "{\"description\":");
        assertThat(badBody.statusCode()).isEqualTo(400);
        assertThat(json(badBody).get("__type").asText()).isEqualTo("SerializationException");
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> unknown = send("GET", "/nothing/here", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("__type").asText()).isEqualTo("UnknownOperationException");

        HttpResponse<String> wrongMethod = send("PUT", "/tunnels", "{}");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("allow")).hasValue("GET, POST");
    }

    @Test
    void anUnsignedRestRequestIsRefusedWith403() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/tunnels")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("x-amzn-ErrorType")).hasValue("MissingAuthenticationTokenException");
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
        SdkHttpRequest signed = SdkSigning.sign(method, URI.create(server.endpoint() + pathAndQuery), headers, bytes,
                KEY_ID, SECRET, "us-west-2", Clock.systemUTC());
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!UNSIGNABLE.contains(name.toLowerCase())) {
                values.forEach(v -> request.header(name, v));
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
