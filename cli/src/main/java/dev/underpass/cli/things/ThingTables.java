package dev.underpass.cli.things;

import dev.underpass.cli.output.Table;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.iot.model.DescribeThingResponse;
import software.amazon.awssdk.services.iot.model.ListThingsResponse;
import software.amazon.awssdk.services.iot.model.ThingAttribute;

/** {@code --output table} of the thing commands. */
final class ThingTables {
    private ThingTables() {
    }

    static String list(ListThingsResponse response) {
        Table table = Table.withColumns("THING NAME", "VERSION", "ATTRIBUTES");
        for (ThingAttribute t : response.things()) {
            table.row(t.thingName(), String.valueOf(t.version()), attributes(t.attributes()));
        }
        return table.render() + (response.nextToken() == null ? "" : "Next token: " + response.nextToken() + "\n");
    }

    static String describe(DescribeThingResponse response) {
        return Table.keyValue()
                .row("Thing name", response.thingName())
                .row("Thing ID", response.thingId())
                .row("Thing ARN", response.thingArn())
                .row("Attributes", attributes(response.attributes()))
                .row("Version", String.valueOf(response.version()))
                .render();
    }

    static String attributes(Map<String, String> attributes) {
        return attributes.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
