package dev.underpass.cli.tunnels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;
import software.amazon.awssdk.services.iotsecuretunneling.model.DestinationConfig;
import software.amazon.awssdk.services.iotsecuretunneling.model.Tag;
import software.amazon.awssdk.services.iotsecuretunneling.model.TimeoutConfig;

class TunnelShapesTest {

    @Test
    void destinationConfigShorthandAndJsonGiveTheSameModel() {
        DestinationConfig expected = DestinationConfig.builder().thingName("T").services("ssh", "web").build();

        assertThat(new TunnelShapes.DestinationConfigConverter().convert("thingName=T,services=ssh,web"))
                .isEqualTo(expected);
        assertThat(new TunnelShapes.DestinationConfigConverter()
                .convert("{\"thingName\":\"T\",\"services\":[\"ssh\",\"web\"]}")).isEqualTo(expected);
    }

    @Test
    void destinationConfigWithoutThingNameIsAllowedButServicesAreRequired() {
        assertThat(TunnelShapes.destinationConfig("services=ssh").thingName()).isNull();
        assertThatThrownBy(() -> new TunnelShapes.DestinationConfigConverter().convert("thingName=T"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'services' is required")
                .hasMessageEndingWith("Example: --destination-config thingName=MyDevice,services=ssh,web");
    }

    @Test
    void timeoutConfigTakesWholeMinutes() {
        assertThat(new TunnelShapes.TimeoutConfigConverter().convert("maxLifetimeTimeoutMinutes=30"))
                .isEqualTo(TimeoutConfig.builder().maxLifetimeTimeoutMinutes(30).build());
        assertThat(new TunnelShapes.TimeoutConfigConverter().convert("{\"maxLifetimeTimeoutMinutes\": 45}")
                .maxLifetimeTimeoutMinutes()).isEqualTo(45);
        assertThatThrownBy(() -> new TunnelShapes.TimeoutConfigConverter().convert("maxLifetimeTimeoutMinutes=1h"))
                .hasMessage("'maxLifetimeTimeoutMinutes' must be a whole number, not '1h'. Example: "
                        + "--timeout-config maxLifetimeTimeoutMinutes=30");
    }

    @Test
    void tagsComeAsOneShorthandTagOrAJsonList() {
        assertThat(new TunnelShapes.TagsConverter().convert("Key=team,Value=edge").tags())
                .containsExactly(Tag.builder().key("team").value("edge").build());
        assertThat(new TunnelShapes.TagsConverter().convert("[{\"key\":\"a\",\"value\":\"1\"},{\"key\":\"b\","
                + "\"value\":\"\"}]").tags()).extracting(Tag::key, Tag::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", ""));
        assertThatThrownBy(() -> new TunnelShapes.TagsConverter().convert("Key=team"))
                .hasMessageContaining("'value' is required");
    }

    @Test
    void connectTakesOnePortOrAPortPerService() {
        assertThat(new ConnectPorts.Converter().convert("10022").ports()).isEqualTo(Map.of("", 10022));
        assertThat(new ConnectPorts.Converter().convert("ssh=10022,web=0").ports())
                .containsExactly(Map.entry("ssh", 10022), Map.entry("web", 0));
        assertThatThrownBy(() -> new ConnectPorts.Converter().convert("ssh=x"))
                .isInstanceOf(TypeConversionException.class).hasMessageContaining("Example: --connect 10022");
    }

    @Test
    void connectPortsMustFitTheTunnelsServices() {
        assertThat(new ConnectPorts(Map.of("", 0)).problems(List.of("ssh"))).isEmpty();
        assertThat(new ConnectPorts(Map.of("", 0)).problems(List.of())).isEmpty();
        assertThat(new ConnectPorts(Map.of("ssh", 1, "web", 2)).problems(List.of("ssh", "web"))).isEmpty();
        assertThat(new ConnectPorts(Map.of("", 0)).problems(List.of("ssh", "web"))).singleElement()
                .asString().contains("name a port for each, as --connect ssh=PORT,web=PORT");
        assertThat(new ConnectPorts(Map.of("vnc", 1)).problems(List.of("ssh"))).singleElement()
                .asString().isEqualTo("--connect names service 'vnc', but the tunnel's services are ssh");
        assertThat(new ConnectPorts(Map.of("a", 1, "b", 2)).problems(List.of())).hasSize(1);
    }
}
