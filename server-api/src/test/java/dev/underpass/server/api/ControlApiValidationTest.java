package dev.underpass.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.underpass.server.store.TunnelStore;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every constraint of SPEC §2 rejects a bad value before the store is touched, naming the member and the value. */
class ControlApiValidationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG_129 = "x".repeat(129);

    private final TunnelStore untouchable = (TunnelStore) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {TunnelStore.class}, (proxy, method, args) -> {
                throw new AssertionError("validation must fail before the store is used: " + method.getName());
            });
    private final ControlApi api = new ControlApi(untouchable,
            new ApiSettings("eu-west-1", "123456789012", 3, 100), Clock.systemUTC(), TunnelEvents.NONE);

    static Stream<Arguments> badRequests() {
        return Stream.of(
                bad(Operation.OPEN_TUNNEL, "{'description':''}", "description", "''", "length greater than or equal to 1"),
                bad(Operation.OPEN_TUNNEL, "{'description':'" + "d".repeat(2049) + "'}", "description", "'ddd",
                        "length less than or equal to 2048"),
                bad(Operation.OPEN_TUNNEL, "{'description':'bell\\u0007'}", "description", "'bell\u0007'",
                        "regular expression pattern: [^\\p{C}]{1,2048}"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'thingName':'a b','services':['ssh']}}",
                        "destinationConfig.thingName", "'a b'",
                        "Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'thingName':'" + LONG_129 + "','services':['ssh']}}",
                        "destinationConfig.thingName", "'" + LONG_129 + "'", "length less than or equal to 128"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'thingName':'t'}}", "destinationConfig.services",
                        "null", "Member must not be null"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'services':[]}}", "destinationConfig.services",
                        "'[]'", "length greater than or equal to 1"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'services':['a','b','c','d']}}",
                        "destinationConfig.services", "'[a, b, c, d]'", "length less than or equal to 3"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'services':['ssh','v nc']}}",
                        "destinationConfig.services.2.member", "'v nc'", "regular expression pattern"),
                bad(Operation.OPEN_TUNNEL, "{'destinationConfig':{'services':['ssh','ssh']}}",
                        "destinationConfig.services.2.member", "'ssh'", "must be unique"),
                bad(Operation.OPEN_TUNNEL, "{'timeoutConfig':{'maxLifetimeTimeoutMinutes':0}}",
                        "timeoutConfig.maxLifetimeTimeoutMinutes", "'0'", "value greater than or equal to 1"),
                bad(Operation.OPEN_TUNNEL, "{'timeoutConfig':{'maxLifetimeTimeoutMinutes':721}}",
                        "timeoutConfig.maxLifetimeTimeoutMinutes", "'721'", "value less than or equal to 720"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[]}", "tags", "'[]'", "length greater than or equal to 1"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[{'key':'','value':'v'}]}", "tags.1.member.key", "''",
                        "length greater than or equal to 1"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[{'key':'k','value':'v'},{'key':'" + LONG_129 + "','value':'v'}]}",
                        "tags.2.member.key", "'" + LONG_129 + "'", "length less than or equal to 128"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[{'key':'k'}]}", "tags.1.member.value", "null",
                        "Member must not be null"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[{'key':'k','value':'" + "v".repeat(257) + "'}]}",
                        "tags.1.member.value", "'vvv", "length less than or equal to 256"),
                bad(Operation.OPEN_TUNNEL, "{'tags':[{'key':'k','value':'semi;colon'}]}", "tags.1.member.value",
                        "'semi;colon'", "regular expression pattern"),
                bad(Operation.TAG_RESOURCE, "{'resourceArn':'arn','tags':" + tags(201) + "}", "tags", "'[",
                        "length less than or equal to 200"),
                bad(Operation.TAG_RESOURCE, "{'tags':[{'key':'k','value':'v'}]}", "resourceArn", "null",
                        "Member must not be null"),
                bad(Operation.TAG_RESOURCE, "{'resourceArn':'arn'}", "tags", "null", "Member must not be null"),
                bad(Operation.TAG_RESOURCE, "{'resourceArn':'','tags':[{'key':'k','value':'v'}]}", "resourceArn", "''",
                        "length greater than or equal to 1"),
                bad(Operation.UNTAG_RESOURCE, "{'resourceArn':'arn'}", "tagKeys", "null", "Member must not be null"),
                bad(Operation.UNTAG_RESOURCE, "{'resourceArn':'arn','tagKeys':['ok','no;']}", "tagKeys.2.member",
                        "'no;'", "regular expression pattern"),
                bad(Operation.LIST_TAGS_FOR_RESOURCE, "{}", "resourceArn", "null", "Member must not be null"),
                bad(Operation.DESCRIBE_TUNNEL, "{}", "tunnelId", "null", "Member must not be null"),
                bad(Operation.DESCRIBE_TUNNEL, "{'tunnelId':'a/b'}", "tunnelId", "'a/b'",
                        "regular expression pattern: [a-zA-Z0-9_\\-+=:]{1,128}"),
                bad(Operation.CLOSE_TUNNEL, "{'tunnelId':'" + LONG_129 + "'}", "tunnelId", "'" + LONG_129 + "'",
                        "regular expression pattern"),
                bad(Operation.LIST_TUNNELS, "{'maxResults':0}", "maxResults", "'0'", "value greater than or equal to 1"),
                bad(Operation.LIST_TUNNELS, "{'maxResults':101}", "maxResults", "'101'", "value less than or equal to 100"),
                bad(Operation.LIST_TUNNELS, "{'thingName':'t!'}", "thingName", "'t!'", "regular expression pattern"),
                bad(Operation.LIST_TUNNELS, "{'nextToken':'a.b'}", "nextToken", "'a.b'",
                        "regular expression pattern: [a-zA-Z0-9_=-]{1,4096}"),
                bad(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, "{'tunnelId':'t'}", "clientMode", "null",
                        "Member must not be null"),
                bad(Operation.ROTATE_TUNNEL_ACCESS_TOKEN, "{'tunnelId':'t','clientMode':'BOTH'}", "clientMode", "'BOTH'",
                        "enum value set: [SOURCE, DESTINATION, ALL]"),
                bad(Operation.ROTATE_TUNNEL_ACCESS_TOKEN,
                        "{'tunnelId':'t','clientMode':'SOURCE','destinationConfig':{'services':['ssh']}}",
                        "destinationConfig", "'{\"services\":[\"ssh\"]}'", "absent when clientMode is SOURCE"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("badRequests")
    void aBadValueIsAValidationExceptionNamingTheMemberAndTheValue(Operation operation, String request, String path,
                                                                    String value, String constraint) {
        assertThatThrownBy(() -> api.invoke(operation, json(request)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.VALIDATION);
                    assertThat(e.getMessage()).startsWith("1 validation error detected: Value " + value)
                            .contains(" at '" + path + "' failed to satisfy constraint: ")
                            .contains(constraint);
                });
    }

    @Test
    void severalViolationsAreReportedTogether() {
        assertThatThrownBy(() -> api.invoke(Operation.OPEN_TUNNEL,
                json("{'description':'','destinationConfig':{'thingName':'a b','services':['ssh']}}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .startsWith("2 validation errors detected: ")
                        .contains("at 'description'").contains("at 'destinationConfig.thingName'"));
    }

    @Test
    void aMessageQuotesTheExactAwsWording() {
        assertThatThrownBy(() -> api.invoke(Operation.OPEN_TUNNEL,
                json("{'destinationConfig':{'thingName':'a b','services':['ssh']}}")))
                .hasMessage("1 validation error detected: Value 'a b' at 'destinationConfig.thingName' failed to satisfy"
                        + " constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9:_-]+");
    }

    @Test
    void aHugeBadValueIsCutInTheMessage() {
        assertThatThrownBy(() -> api.invoke(Operation.OPEN_TUNNEL, json("{'description':'" + "d".repeat(5000) + "'}")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage())
                        .hasSizeLessThan(500).contains("(5000 characters)"));
    }

    static Stream<Arguments> wrongTypes() {
        return Stream.of(
                Arguments.of(Operation.OPEN_TUNNEL, "{'description':5}", "Expected a string at 'description' but found a number."),
                Arguments.of(Operation.OPEN_TUNNEL, "{'destinationConfig':{'services':'ssh'}}",
                        "Expected a list at 'destinationConfig.services' but found a string."),
                Arguments.of(Operation.OPEN_TUNNEL, "{'tags':[{'key':1,'value':'v'}]}",
                        "Expected a string at 'tags.1.member.key' but found a number."),
                Arguments.of(Operation.OPEN_TUNNEL, "{'timeoutConfig':{'maxLifetimeTimeoutMinutes':1.5}}",
                        "Expected an integer at 'timeoutConfig.maxLifetimeTimeoutMinutes' but found 1.5."),
                Arguments.of(Operation.CLOSE_TUNNEL, "{'tunnelId':'t','delete':'yes'}",
                        "Expected a boolean at 'delete' but found a string."),
                Arguments.of(Operation.LIST_TUNNELS, "[1]", "The request body must be a JSON object, not a list."));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongTypes")
    void aMemberOfTheWrongJsonTypeIsASerializationException(Operation operation, String request, String message) {
        assertThatThrownBy(() -> api.invoke(operation, json(request)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.type()).isEqualTo(ErrorType.SERIALIZATION);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }

    private static Arguments bad(Operation operation, String request, String path, String value, String constraint) {
        return Arguments.of(operation, request, path, value, constraint);
    }

    private static String tags(int count) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append("{'key':'k").append(i).append("','value':'v'}");
        }
        return out.append("]").toString();
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }
}
