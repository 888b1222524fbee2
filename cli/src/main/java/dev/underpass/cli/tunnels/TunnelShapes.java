package dev.underpass.cli.tunnels;

import dev.underpass.cli.shorthand.ShorthandException;
import dev.underpass.cli.shorthand.StructureReader;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Supplier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.services.iotsecuretunneling.model.DestinationConfig;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tag;
import software.amazon.awssdk.services.iotsecuretunneling.model.TimeoutConfig;

/**
 * Reads the tunnel API's structure options — shorthand or JSON, with the API's member names — into the SDK's
 * model objects. Values are checked by the server (its ValidationException names the field); here only the shape.
 */
final class TunnelShapes {
    static final String DESTINATION_EXAMPLE = "--destination-config thingName=MyDevice,services=ssh,web";
    static final String TIMEOUT_EXAMPLE = "--timeout-config maxLifetimeTimeoutMinutes=30";
    static final String TAGS_EXAMPLE = "--tags Key=team,Value=edge Key=env,Value=lab";

    private TunnelShapes() {
    }

    static DestinationConfig destinationConfig(String text) {
        StructureReader r = StructureReader.of(text, DESTINATION_EXAMPLE, "thingName", "services");
        return DestinationConfig.builder()
                .thingName(r.single("thingName").orElse(null))
                .services(r.requiredList("services"))
                .build();
    }

    static TimeoutConfig timeoutConfig(String text) {
        StructureReader r = StructureReader.of(text, TIMEOUT_EXAMPLE, "maxLifetimeTimeoutMinutes");
        OptionalInt minutes = r.integer("maxLifetimeTimeoutMinutes");
        return TimeoutConfig.builder()
                .maxLifetimeTimeoutMinutes(minutes.isPresent() ? minutes.getAsInt() : null)
                .build();
    }

    /** One argument of {@code --tags}: one shorthand tag, or a JSON list of tags. */
    static List<Tag> tags(String text) {
        return StructureReader.list(text, TAGS_EXAMPLE, "key", "value").stream()
                .map(r -> Tag.builder().key(r.required("key")).value(r.required("value")).build())
                .toList();
    }

    /** {@code --destination-config}. */
    static final class DestinationConfigConverter implements ITypeConverter<DestinationConfig> {
        @Override
        public DestinationConfig convert(String value) {
            return converted(() -> destinationConfig(value));
        }
    }

    /** {@code --timeout-config}. */
    static final class TimeoutConfigConverter implements ITypeConverter<TimeoutConfig> {
        @Override
        public TimeoutConfig convert(String value) {
            return converted(() -> timeoutConfig(value));
        }
    }

    /** One argument of {@code --tags}. */
    static final class TagsConverter implements ITypeConverter<TagList> {
        @Override
        public TagList convert(String value) {
            return converted(() -> new TagList(tags(value)));
        }
    }

    /** The tags of one {@code --tags} argument. */
    record TagList(List<Tag> tags) {
    }

    private static <T> T converted(Supplier<T> reader) {
        try {
            return reader.get();
        } catch (ShorthandException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
