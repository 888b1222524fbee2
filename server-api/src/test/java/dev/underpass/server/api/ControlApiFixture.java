package dev.underpass.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.server.api.testing.MutableClock;
import dev.underpass.server.api.testing.RecordingEvents;
import dev.underpass.server.store.Database;
import dev.underpass.server.store.StoreSettings;
import dev.underpass.server.store.TunnelStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A {@link ControlApi} over a fresh H2 store per test, with a hand-moved clock and recorded events. */
abstract class ControlApiFixture {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant START = Instant.parse("2025-03-01T12:00:00.123Z");
    static final ApiSettings SETTINGS = new ApiSettings("eu-west-1", "123456789012", 3, 5);

    @TempDir
    Path dataDir;

    final MutableClock clock = new MutableClock(START);
    final RecordingEvents events = new RecordingEvents();
    TunnelStore store;
    ControlApi api;

    @BeforeEach
    void openStore() {
        store = Database.open(StoreSettings.h2File(dataDir).withPoolSize(2));
        api = new ControlApi(store, SETTINGS, clock, events);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    String open(String request) {
        return call(Operation.OPEN_TUNNEL, request).get("tunnelId").asText();
    }

    ObjectNode call(Operation operation, String request) {
        return api.invoke(operation, json(request));
    }

    static void assertNotFound(ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.RESOURCE_NOT_FOUND));
    }

    static List<String> ids(ObjectNode page) {
        List<String> ids = new ArrayList<>();
        page.get("tunnelSummaries").forEach(s -> ids.add(s.get("tunnelId").asText()));
        return ids;
    }

    static String tags(String prefix, int count) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("{'key':'").append(prefix).append(i).append("','value':'v'}");
        }
        return out.append("]").toString();
    }

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
