/**
 * The WebSocket relay of {@code /tunnel} (SPEC §4). Public: {@link dev.underpass.server.relay.Relay} (the entry
 * point), {@link dev.underpass.server.relay.RelaySettings}, {@link dev.underpass.server.relay.TunnelAuthority} with
 * {@link dev.underpass.server.relay.Admission} and {@link dev.underpass.server.relay.AdmissionDenied},
 * {@link dev.underpass.server.relay.RelayObserver} with {@link dev.underpass.server.relay.RejectionReason}. Everything
 * else is internal:
 * <ul>
 *   <li>handshake: {@code HandshakeValidator}, {@code Upgrader}, {@code PendingAdmission}, {@code HttpResponses},
 *       {@code Rejection}, {@code LoopMove};</li>
 *   <li>pairing: {@code TunnelRegistry}, {@code TunnelSession}, {@code Tombstones}, {@code ConnectionStateReporter};</li>
 *   <li>per connection ({@code RelayPipeline} assembles them): {@code WebSocketCloser}, {@code Liveness},
 *       {@code WebSocketFrameHandler}, the protocol's {@code TunnelFrameDecoder}, {@code RelayConnection};</li>
 *   <li>rules: {@code MessageRules}, {@code StreamTracker} (adding to the relay-wide {@code StreamCounts}).</li>
 * </ul>
 *
 * <p>Threading: a connection's handlers run on its event loop, which is its peer's when the peer was connected as
 * it joined ({@code LoopMove}, see docs/RELAY.md); the two sides of a tunnel meet only inside their
 * {@code TunnelSession}, under its lock, where they enqueue writes and tasks to each other and never block; the
 * {@code TunnelAuthority} runs on the blocking executor, its state reports one at a time per tunnel side.
 */
package dev.underpass.server.relay;
