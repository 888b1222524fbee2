package dev.underpass.cli.shorthand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StructureTest {

    @Test
    void aKeysValueListContinuesUntilTheNextKey() {
        Structure s = Structure.parse("thingName=T,services=ssh,web,vnc");

        assertThat(s.members()).containsExactly(Map.entry("thingName", List.of("T")),
                Map.entry("services", List.of("ssh", "web", "vnc")));
    }

    @Test
    void aListKeyMayComeFirstAndIsEndedByTheNextKey() {
        assertThat(Structure.parse("services=ssh,web,thingName=T").members())
                .containsExactly(Map.entry("services", List.of("ssh", "web")), Map.entry("thingName", List.of("T")));
    }

    @Test
    void aSingleKeyAndValueParse() {
        assertThat(Structure.parse("maxLifetimeTimeoutMinutes=30").members())
                .containsExactly(Map.entry("maxLifetimeTimeoutMinutes", List.of("30")));
    }

    @Test
    void spacesAroundItemsAreIgnoredAndAnEmptyValueIsTheEmptyString() {
        assertThat(Structure.parse(" Key = k , Value= ").members())
                .containsExactly(Map.entry("Key", List.of("k")), Map.entry("Value", List.of("")));
    }

    @Test
    void aValueMayHoldAnEqualsSignAfterTheFirst() {
        assertThat(Structure.parse("Value=a=b").members()).containsExactly(Map.entry("Value", List.of("a=b")));
    }

    @Test
    void aJsonObjectIsReadWhenTheValueStartsWithABrace() {
        Structure s = Structure.parse("{\"thingName\": \"T\", \"services\": [\"ssh\", \"web\"], \"n\": 30, \"x\": null}");

        assertThat(s.members()).containsExactly(Map.entry("thingName", List.of("T")),
                Map.entry("services", List.of("ssh", "web")), Map.entry("n", List.of("30")));
    }

    @Test
    void aJsonListGivesOneStructurePerObject() {
        List<Structure> list = Structure.parseList("[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\",\"value\":\"\"}]");

        assertThat(list).extracting(Structure::members).containsExactly(
                Map.of("key", List.of("a"), "value", List.of("1")), Map.of("key", List.of("b"), "value", List.of("")));
    }

    @Test
    void aListOptionAlsoTakesOneShorthandStructure() {
        assertThat(Structure.parseList("Key=a,Value=1")).singleElement().extracting(Structure::members)
                .isEqualTo(Map.of("Key", List.of("a"), "Value", List.of("1")));
    }

    @Test
    void aFirstTokenWithoutKeyIsNamed() {
        assertThatThrownBy(() -> Structure.parse("ssh,thingName=T"))
                .isInstanceOf(ShorthandException.class)
                .hasMessage("'ssh' is not key=value (in 'ssh,thingName=T')");
    }

    @Test
    void aKeyGivenTwiceIsRefused() {
        assertThatThrownBy(() -> Structure.parse("services=ssh,services=web"))
                .hasMessage("key 'services' is given twice in 'services=ssh,services=web'");
    }

    @Test
    void anEmptyItemInAListIsRefused() {
        assertThatThrownBy(() -> Structure.parse("services=ssh,,web"))
                .hasMessage("empty item in the value list of 'services' (in 'services=ssh,,web')");
        assertThatThrownBy(() -> Structure.parse("services=ssh,"))
                .hasMessageContaining("empty item in the value list of 'services'");
    }

    @Test
    void aTokenThatLooksLikeABadKeyIsNamed() {
        assertThatThrownBy(() -> Structure.parse("a=1,2b=3"))
                .hasMessageContaining("'2b=3' is not a valid key=value");
    }

    @Test
    void anEmptyValueIsRefused() {
        assertThatThrownBy(() -> Structure.parse("  ")).hasMessage("the value is empty");
    }

    @Test
    void badJsonIsReportedWithTheText() {
        assertThatThrownBy(() -> Structure.parse("{\"thingName\": T}"))
                .hasMessageStartingWith("'{\"thingName\": T}' is not valid JSON: ");
    }

    @Test
    void nestedJsonIsRefusedNamingTheMember() {
        assertThatThrownBy(() -> Structure.parse("{\"a\": {\"b\": 1}}"))
                .hasMessage("member 'a' holds {\"b\":1}, but only strings, numbers, booleans and lists of them are "
                        + "accepted here");
    }

    @Test
    void aJsonListWhereOneStructureIsExpectedIsRefused() {
        assertThatThrownBy(() -> Structure.parse("[{\"a\":1}]")).hasMessageContaining("is a JSON list");
        assertThatThrownBy(() -> Structure.parseList("[1]")).hasMessage("item 1 of the JSON list is not an object");
        assertThatThrownBy(() -> Structure.parseList("[]")).hasMessage("the JSON list is empty");
    }
}
