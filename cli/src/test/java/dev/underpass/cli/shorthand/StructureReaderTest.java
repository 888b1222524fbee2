package dev.underpass.cli.shorthand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StructureReaderTest {
    private static final String EXAMPLE = "--x thingName=MyDevice,services=ssh";

    @Test
    void keysMatchTheMemberNamesWithoutRegardToCase() {
        StructureReader r = StructureReader.of("THINGNAME=T,Services=ssh,web", EXAMPLE, "thingName", "services");

        assertThat(r.single("thingName")).contains("T");
        assertThat(r.list("services")).containsExactly("ssh", "web");
    }

    @Test
    void anUnknownKeyIsNamedWithTheKnownOnesAndTheExample() {
        assertThatThrownBy(() -> StructureReader.of("thing=T", EXAMPLE, "thingName", "services"))
                .isInstanceOf(ShorthandException.class)
                .hasMessage("unknown key 'thing' in 'thing=T'; the keys are thingName, services. Example: " + EXAMPLE);
    }

    @Test
    void twoSpellingsOfOneKeyAreRefused() {
        assertThatThrownBy(() -> StructureReader.of("key=a,Key=b", EXAMPLE, "key"))
                .hasMessageStartingWith("key 'key' is given twice in 'key=a,Key=b'");
    }

    @Test
    void aSingleValueMemberWithAListSaysWhereTheListEnds() {
        StructureReader r = StructureReader.of("thingName=T,ssh", EXAMPLE, "thingName", "services");

        assertThatThrownBy(() -> r.single("thingName"))
                .hasMessage("'thingName' takes one value, but 'thingName=T,ssh' gives 2 (T, ssh); a value list runs "
                        + "on until the next key=. Example: " + EXAMPLE);
    }

    @Test
    void aMissingRequiredMemberIsNamed() {
        StructureReader r = StructureReader.of("thingName=T", EXAMPLE, "thingName", "services");

        assertThatThrownBy(() -> r.requiredList("services"))
                .hasMessage("'services' is required, but 'thingName=T' has no services=.... Example: " + EXAMPLE);
        assertThat(r.list("services")).isEmpty();
    }

    @Test
    void aNumberThatIsNotWholeNamesTheValue() {
        assertThat(StructureReader.of("n=30", EXAMPLE, "n").integer("n")).hasValue(30);
        assertThatThrownBy(() -> StructureReader.of("n=30m", EXAMPLE, "n").integer("n"))
                .hasMessage("'n' must be a whole number, not '30m'. Example: " + EXAMPLE);
    }

    @Test
    void parseErrorsAlsoEndWithTheExample() {
        assertThatThrownBy(() -> StructureReader.of("ssh", EXAMPLE, "services"))
                .hasMessage("'ssh' is not key=value (in 'ssh'). Example: " + EXAMPLE);
    }

    @Test
    void aListArgumentGivesAReaderPerStructure() {
        List<StructureReader> readers = StructureReader.list("[{\"Key\":\"a\",\"Value\":\"1\"},{\"key\":\"b\","
                + "\"value\":\"2\"}]", EXAMPLE, "key", "value");

        assertThat(readers).extracting(r -> r.required("key") + "=" + r.required("value")).containsExactly("a=1", "b=2");
    }
}
