package dev.underpass.localproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.underpass.protocol.Mode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueParsingTest {

    @Test
    void hostPortsAcceptNamesIpv4AndBracketedIpv6() {
        assertThat(HostPort.parse("h.example:22", 1)).isEqualTo(new HostPort("h.example", 22));
        assertThat(HostPort.parse("10.1.2.3", 443)).isEqualTo(new HostPort("10.1.2.3", 443));
        assertThat(HostPort.parse("[::1]:8443", 1)).isEqualTo(new HostPort("::1", 8443));
        assertThat(HostPort.parse("::1", 443)).isEqualTo(new HostPort("::1", 443));
        assertThat(new HostPort("::1", 80)).hasToString("[::1]:80");
        assertThatThrownBy(() -> HostPort.parse("h:99999", 1)).hasMessageContaining("99999");
        assertThatThrownBy(() -> HostPort.parse("h:x", 1)).hasMessageContaining("'x' is not a port number");
        assertThatThrownBy(() -> HostPort.parse("[::1", 1)).hasMessageContaining("unclosed");
    }

    @Test
    void endpointsBuildTheTunnelUri() {
        assertThat(ProxyEndpoint.parse("localhost:9443").tunnelUri(Mode.SOURCE))
                .hasToString("wss://localhost:9443/tunnel?local-proxy-mode=source");
        assertThat(ProxyEndpoint.parse("ws://[::1]:80").tunnelUri(Mode.DESTINATION))
                .hasToString("ws://[::1]:80/tunnel?local-proxy-mode=destination");
        assertThat(ProxyEndpoint.parse("http://h").address().port()).isEqualTo(80);
        assertThatThrownBy(() -> ProxyEndpoint.parse("wss://h/other")).hasMessageContaining("without user, path");
        assertThatThrownBy(() -> ProxyEndpoint.forRegion("US East")).hasMessageContaining("'US East'");
        assertThatThrownBy(() -> ProxyEndpoint.parse("h:0")).hasMessageContaining("port 0");
    }

    @Test
    void serviceMappingsAreEitherOneUnnamedValueOrNamedPairs() {
        assertThat(ServiceMappings.parseListenPorts("5555")).containsExactly(Map.entry("", 5555));
        assertThat(ServiceMappings.parseListenPorts(" SSH1=5555 , SSH2=0 ")).containsExactly(
                Map.entry("SSH1", 5555), Map.entry("SSH2", 0));
        assertThat(ServiceMappings.parseDestinations("host:22")).containsExactly(
                Map.entry("", new HostPort("host", 22)));
        assertThatThrownBy(() -> ServiceMappings.parseListenPorts("SSH1=1,2")).hasMessageContaining("'2'");
        assertThatThrownBy(() -> ServiceMappings.parseListenPorts("SSH1=1,SSH1=2")).hasMessageContaining("twice");
        assertThatThrownBy(() -> ServiceMappings.parseListenPorts("bad id=1")).hasMessageContaining("'bad id'");
        assertThatThrownBy(() -> ServiceMappings.parseDestinations("0")).hasMessageContaining("needs a port");
    }

    @Test
    void httpsProxyUrlsMayCarryCredentialsAndDefaultToPort3128() {
        HttpsProxy p = HttpsProxy.parse("https://bob:pa%3Ass@proxy");
        assertThat(p.address()).isEqualTo(new HostPort("proxy", 3128));
        assertThat(p.tls()).isTrue();
        assertThat(p.username()).isEqualTo("bob");
        assertThat(p.password()).isEqualTo("pa:ss");
        assertThat(p).hasToString("https://bob:****@proxy:3128");
        assertThat(HttpsProxy.parse("proxy:8080").tls()).isFalse();
        assertThatThrownBy(() -> HttpsProxy.parse("socks5://p:1")).hasMessageContaining("socks5");
    }

    @Test
    void aConfigReportsEveryProblemAtOnce() {
        assertThatThrownBy(() -> LocalProxyConfig.builder(Mode.DESTINATION, " ", null).clientToken("short")
                .listenPort("SSH1", 1).maxConnectionsPerService(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no access token")
                .hasMessageContaining("client token must be 32 to 128")
                .hasMessageContaining("no endpoint")
                .hasMessageContaining("a destination takes destinations, not listen ports")
                .hasMessageContaining("at least one destination")
                .hasMessageContaining("at least 1")
                .hasMessageNotContaining("short");
    }
}
