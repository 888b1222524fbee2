package dev.underpass.cli.shorthand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Reads the members of one {@link Structure} against the member names an API shape has. Names match without
 * regard to case ({@code Key=k} and {@code key=k} are the same member). Every error names the bad token and ends
 * with the example given, so that a user sees the right spelling at once.
 */
public final class StructureReader {
    private final Structure structure;
    private final String example;
    private final Map<String, List<String>> members = new LinkedHashMap<>();

    private StructureReader(Structure structure, String example, List<String> names) {
        this.structure = structure;
        this.example = example;
        for (Map.Entry<String, List<String>> e : structure.members().entrySet()) {
            String name = names.stream().filter(n -> n.equalsIgnoreCase(e.getKey())).findFirst()
                    .orElseThrow(() -> fail("unknown key '" + e.getKey() + "' in '" + structure.text()
                            + "'; the keys are " + String.join(", ", names)));
            if (members.put(name, e.getValue()) != null) {
                throw fail("key '" + name + "' is given twice in '" + structure.text() + "'");
            }
        }
    }

    /**
     * Parses one structure (shorthand or JSON) with these member names.
     *
     * @param example a correct value, shown after every error
     */
    public static StructureReader of(String text, String example, String... names) {
        return new StructureReader(parse(() -> Structure.parse(text), example), example, List.of(names));
    }

    /** Parses one argument that may hold several structures (a JSON list, or one shorthand structure). */
    public static List<StructureReader> list(String text, String example, String... names) {
        List<StructureReader> result = new ArrayList<>();
        for (Structure s : parse(() -> Structure.parseList(text), example)) {
            result.add(new StructureReader(s, example, List.of(names)));
        }
        return result;
    }

    /** The single value of a member, if given. */
    public Optional<String> single(String name) {
        List<String> values = members.get(name);
        if (values == null) {
            return Optional.empty();
        }
        if (values.size() != 1) {
            throw fail("'" + name + "' takes one value, but '" + structure.text() + "' gives " + values.size() + " ("
                    + String.join(", ", values) + "); a value list runs on until the next key=");
        }
        return Optional.of(values.get(0));
    }

    /** The single value of a member that must be given. */
    public String required(String name) {
        return single(name).orElseThrow(() -> missing(name));
    }

    /** The values of a list member; empty when not given. */
    public List<String> list(String name) {
        return List.copyOf(members.getOrDefault(name, List.of()));
    }

    /** The values of a list member that must be given. */
    public List<String> requiredList(String name) {
        List<String> values = list(name);
        if (values.isEmpty() || values.equals(List.of(""))) {
            throw missing(name);
        }
        return values;
    }

    /** A whole-number member, if given. */
    public OptionalInt integer(String name) {
        Optional<String> value = single(name);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value.get()));
        } catch (NumberFormatException e) {
            throw fail("'" + name + "' must be a whole number, not '" + value.get() + "'");
        }
    }

    private ShorthandException missing(String name) {
        return fail("'" + name + "' is required, but '" + structure.text() + "' has no " + name + "=...");
    }

    private ShorthandException fail(String problem) {
        return withExample(problem, example);
    }

    private static ShorthandException withExample(String problem, String example) {
        return new ShorthandException(problem + ". Example: " + example);
    }

    private static <T> T parse(Supplier<T> parser, String example) {
        try {
            return parser.get();
        } catch (ShorthandException e) {
            throw withExample(e.getMessage(), example);
        }
    }
}
