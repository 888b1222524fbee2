package dev.underpass.localproxy.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceMatchTest {

    @Test
    void namedMappingsMatchTheTunnelsServicesInItsOrder() {
        Map<String, Integer> configured = new LinkedHashMap<>();
        configured.put("B", 2);
        configured.put("A", 1);
        assertThat(ServiceMatch.match(configured, List.of("A", "B"), null))
                .containsExactly(new ServiceMatch<>("A", 1), new ServiceMatch<>("B", 2));
    }

    @Test
    void anUnnamedMappingServesASingleServiceOrATunnelWithoutServices() {
        assertThat(ServiceMatch.match(Map.of("", 22), List.of("SSH"), null))
                .containsExactly(new ServiceMatch<>("SSH", 22));
        assertThat(ServiceMatch.match(Map.of("", 22), List.of(), null)).containsExactly(new ServiceMatch<>("", 22));
        assertThat(ServiceMatch.match(Map.of("SSH", 22), List.of(), null))
                .containsExactly(new ServiceMatch<>("", 22));
    }

    @Test
    void servicesWithoutMappingTakeTheFallbackOrFail() {
        assertThat(ServiceMatch.match(Map.of("A", 1), List.of("A", "B"), 0))
                .containsExactly(new ServiceMatch<>("A", 1), new ServiceMatch<>("B", 0));
        assertThatThrownBy(() -> ServiceMatch.match(Map.of("A", 1), List.of("A", "B"), null))
                .isInstanceOf(ServiceMismatchException.class).hasMessage("no mapping for the tunnel's service B");
    }

    @Test
    void mappingsTheTunnelCannotUseAreRefused() {
        assertThatThrownBy(() -> ServiceMatch.match(Map.of("C", 1), List.of("A"), 0))
                .hasMessageContaining("service C is configured but the tunnel carries only [A]");
        assertThatThrownBy(() -> ServiceMatch.match(Map.of("", 1), List.of("A", "B"), 0))
                .hasMessageContaining("one unnamed mapping cannot serve").hasMessageContaining("A=…,B=…");
        assertThatThrownBy(() -> ServiceMatch.match(Map.of("A", 1, "B", 2), List.of(), 0))
                .hasMessageContaining("only one mapping");
    }
}
