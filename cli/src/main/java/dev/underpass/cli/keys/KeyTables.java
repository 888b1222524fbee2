package dev.underpass.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.underpass.cli.output.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** {@code --output table} of the key commands; times in UTC, ISO 8601, to the second. */
final class KeyTables {
    private KeyTables() {
    }

    static String list(ObjectNode response) {
        Table table = Table.withColumns("ACCESS KEY ID", "NAME", "STATUS", "SOURCE", "CREATED", "CREATED BY",
                "LAST USED");
        for (JsonNode key : response.path("accessKeys")) {
            table.row(text(key, "accessKeyId"), text(key, "name"), text(key, "status"), text(key, "source"),
                    time(key, "createdAt"), text(key, "createdBy"), time(key, "lastUsedAt"));
        }
        return table.render();
    }

    static String created(ObjectNode response) {
        JsonNode key = response.path("accessKey");
        return Table.keyValue()
                .row("Access key ID", text(key, "accessKeyId"))
                .row("Secret access key", text(key, "secretAccessKey"))
                .row("Name", text(key, "name"))
                .row("Description", text(key, "description"))
                .row("Status", text(key, "status"))
                .row("Created", time(key, "createdAt"))
                .row("Created by", text(key, "createdBy"))
                .render() + "The secret is shown only now; store it (e.g. in an AWS credentials file profile).\n";
    }

    static String revoked(ObjectNode response) {
        JsonNode key = response.path("accessKey");
        return Table.keyValue()
                .row("Access key ID", text(key, "accessKeyId"))
                .row("Name", text(key, "name"))
                .row("Status", text(key, "status"))
                .row("Revoked", time(key, "revokedAt"))
                .render();
    }

    static String text(JsonNode node, String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** An epoch-seconds member as an ISO 8601 UTC time, to the second. */
    static String time(JsonNode node, String member) {
        JsonNode value = node.get(member);
        if (value == null || !value.isNumber()) {
            return null;
        }
        BigDecimal seconds = value.decimalValue();
        return Instant.ofEpochSecond(seconds.longValue()).toString();
    }
}
