/**
 * The control plane of SPEC §2 without its transport: {@link dev.underpass.server.api.ControlApi} runs the eight
 * AWS IoT Secure Tunneling operations on JSON objects against the tunnel store and reports changes through
 * {@link dev.underpass.server.api.TunnelEvents}. Sub-packages: {@code auth} (SigV4), {@code http} (Netty handler,
 * AWS JSON 1.1 and REST routing), {@code things} (the thing registry, AWS IoT's REST shapes).
 */
package dev.underpass.server.api;
