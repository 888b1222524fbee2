package dev.underpass.agent.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NotificationParserTest {
    private static final String TOKEN = "AQGAAXsecretDestinationToken";

    @Test
    void aNotificationAsTheServerPublishesItIsAccepted() throws Exception {
        Notification n = parse("{\"clientAccessToken\": \"" + TOKEN + "\", \"clientMode\": \"destination\", "
                + "\"region\": \"eu-west-1\", \"services\": [\"ssh\", \"web\"], \"futureField\": 1}");
        assertThat(n.accessToken()).isEqualTo(TOKEN);
        assertThat(n.region()).isEqualTo("eu-west-1");
        assertThat(n.services()).containsExactly("ssh", "web");
        assertThat(n.toString()).doesNotContain(TOKEN).contains(n.fingerprint());
        assertThat(n.fingerprint()).hasSize(8).isHexadecimal();
    }

    @Test
    void theRegionIsOptional() throws Exception {
        assertThat(parse("{\"clientAccessToken\": \"t\", \"clientMode\": \"destination\", \"services\": [\"ssh\"]}")
                .region()).isNull();
    }

    @Test
    void unusablePayloadsAreRefusedWithAReasonThatNeverQuotesTheToken() {
        assertRefused("{\"clientAccessToken\": " + TOKEN + "}", "the payload is not valid JSON (line 1, column 23)");
        assertRefused("[\"" + TOKEN + "\"]", "the payload is not a JSON object");
        assertRefused("{\"clientMode\": \"destination\", \"services\": [\"ssh\"]}",
                "the payload has no clientAccessToken");
        assertRefused("{\"clientAccessToken\": \"\", \"clientMode\": \"destination\", \"services\": [\"ssh\"]}",
                "clientAccessToken is not a non-empty string");
        assertRefused("{\"clientAccessToken\": \"a b\", \"clientMode\": \"destination\", \"services\": [\"ssh\"]}",
                "clientAccessToken is not a token (3 characters; a token is printable ASCII without spaces, at "
                        + "most 4096)");
        assertRefused(payload("source", "[\"ssh\"]"), "clientMode is 'source'; the agent starts only destination "
                + "proxies");
        assertRefused("{\"clientAccessToken\": \"" + TOKEN + "\", \"services\": [\"ssh\"]}",
                "the payload has no clientMode; the agent accepts only \"destination\"");
        assertRefused(payload("destination", "[]"), "services is not a non-empty list of service names");
        assertRefused(payload("destination", "[\"ssh\", \"ssh\"]"), "services lists 'ssh' twice");
        assertRefused(payload("destination", "[\"no spaces\"]"), "services holds 'no spaces', which is not a "
                + "service name");
        assertRefused(payload("destination", "[\"ssh\"], \"region\": \"Mars 1\""),
                "region is not a region name such as us-east-1");
        assertRefused("{\"clientAccessToken\": \"" + TOKEN + "\", \"clientAccessToken\": \"x\"}",
                "the payload is not valid JSON (line 1, column 74)");
        String huge = payload("destination", "[\"ssh\"], \"pad\": \"" + "x".repeat(NotificationParser.MAX_PAYLOAD_BYTES)
                + "\"");
        assertRefused(huge, "the payload of " + huge.length() + " bytes is over the limit of 16384");
    }

    private static String payload(String mode, String services) {
        return "{\"clientAccessToken\": \"" + TOKEN + "\", \"clientMode\": \"" + mode + "\", \"services\": " + services
                + "}";
    }

    private static Notification parse(String json) throws InvalidNotificationException {
        return NotificationParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertRefused(String json, String reason) {
        InvalidNotificationException e = catchThrowableOfType(InvalidNotificationException.class, () -> parse(json));
        assertThat(e).as(json.length() > 200 ? json.substring(0, 200) : json).isNotNull();
        assertThat(e.getMessage()).isEqualTo(reason).doesNotContain(TOKEN);
    }
}
