package dev.underpass.server.relay;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.ProtocolLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker13;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code /tunnel} upgrade request into a relayed connection: validates it on the event loop, asks the
 * {@link TunnelAuthority} on the blocking executor (meanwhile the channel does not read and a
 * {@link PendingAdmission} holds the router's place), then, back on the event loop, completes the RFC 6455
 * handshake with the highest offered sub-protocol and a {@code channel-id}, moves the channel to the event loop of
 * the tunnel's other side if that one is connected, else to the tunnel's home loop ({@link LoopMove}), and starts the
 * {@link RelayConnection} there.
 * Every path releases the request exactly once.
 *
 * <p>Bound: at most {@code maxPendingAdmissions} requests wait for the authority; more are answered 503 at once.
 */
final class Upgrader {
    private static final Logger log = LoggerFactory.getLogger(Upgrader.class);

    /** Frames up to the protocol limit, masked as clients must, no extensions; violations are ours to answer. */
    static final WebSocketDecoderConfig DECODER_CONFIG = WebSocketDecoderConfig.newBuilder()
            .maxFramePayloadLength(ProtocolLimits.MAX_WEBSOCKET_FRAME_BYTES)
            .expectMaskedFrames(true)
            .allowMaskMismatch(false)
            .allowExtensions(false)
            .closeOnProtocolViolation(false)
            .withUTF8Validator(false)
            .build();

    private final RelaySettings settings;
    private final TunnelAuthority authority;
    private final Executor blocking;
    private final Clock clock;
    private final TunnelRegistry registry;
    private final RelayObserver observer;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean shuttingDown;

    Upgrader(RelaySettings settings, TunnelAuthority authority, Executor blocking, Clock clock,
            TunnelRegistry registry, RelayObserver observer) {
        this.observer = observer;
        this.settings = settings;
        this.authority = authority;
        this.blocking = blocking;
        this.clock = clock;
        this.registry = registry;
    }

    private void reject(Channel channel, Rejection rejection) {
        observer.handshakeRejected(rejection.status().code(), rejection.code());
        HttpResponses.reject(channel, rejection);
    }

    void shutDown() {
        shuttingDown = true;
    }

    void accept(ChannelHandlerContext ctx, FullHttpRequest request) {
        Channel channel = ctx.channel();
        UpgradeRequest upgrade;
        try {
            upgrade = HandshakeValidator.validate(request);
        } catch (Rejection rejection) {
            request.release();
            log.debug("refused upgrade from {}: {} {} {}", channel.remoteAddress(), rejection.status().code(),
                    rejection.code().tag(), rejection.getMessage());
            reject(channel, rejection);
            return;
        }
        if (shuttingDown) {
            request.release();
            reject(channel, unavailable(RejectionReason.SHUTTING_DOWN, "server is shutting down: retry later"));
            return;
        }
        if (pending.incrementAndGet() > settings.maxPendingAdmissions()) {
            pending.decrementAndGet();
            request.release();
            reject(channel, unavailable(RejectionReason.OVERLOADED,
                    "too many connections being admitted: retry later"));
            return;
        }
        long epoch = registry.admissionEpoch();
        try {
            channel.config().setAutoRead(false);
            channel.pipeline().replace(ctx.name(), RelayPipeline.PENDING, new PendingAdmission());
            blocking.execute(() -> admit(channel, request, upgrade, epoch));
        } catch (RejectedExecutionException e) {
            pending.decrementAndGet();
            request.release();
            reject(channel, unavailable(RejectionReason.OVERLOADED, "server is busy: retry later"));
        } catch (RuntimeException e) {
            pending.decrementAndGet();
            request.release();
            log.warn("could not take over {} for an upgrade", channel, e);
            channel.close();
        }
    }

    /** On the blocking executor. */
    private void admit(Channel channel, FullHttpRequest request, UpgradeRequest upgrade, long epoch) {
        Admission admission = null;
        Rejection rejection = null;
        try {
            admission = authority.admit(upgrade.accessToken(), upgrade.mode(), upgrade.clientTokenOrNull());
            if (admission == null) {
                throw new IllegalStateException("TunnelAuthority.admit returned null");
            }
        } catch (AdmissionDenied denied) {
            rejection = new Rejection(denied.code(), HttpResponseStatus.valueOf(denied.httpStatus()),
                    denied.getMessage());
        } catch (RuntimeException e) {
            log.warn("admission of a {} connection failed", upgrade.mode().wireName(), e);
            rejection = unavailable(RejectionReason.STORE_UNAVAILABLE, "tunnel store unavailable: retry later");
        } finally {
            pending.decrementAndGet();
        }
        Admission admitted = admission;
        Rejection refused = rejection;
        try {
            channel.eventLoop().execute(() -> complete(channel, request, upgrade, epoch, admitted, refused));
        } catch (RejectedExecutionException e) {
            request.release();
            channel.close();
        }
    }

    /** Back on the event loop. */
    private void complete(Channel channel, FullHttpRequest request, UpgradeRequest upgrade, long epoch,
            Admission admission, Rejection rejection) {
        try {
            if (!channel.isActive()) {
                log.debug("{} left while its {} admission was decided", channel, upgrade.mode().wireName());
            } else if (rejection == null && shuttingDown) {
                reject(channel, unavailable(RejectionReason.SHUTTING_DOWN, "server is shutting down: retry later"));
            } else if (rejection != null) {
                log.debug("refused {} upgrade from {}: {} {} {}", upgrade.mode().wireName(), channel.remoteAddress(),
                        rejection.status().code(), rejection.code().tag(), rejection.getMessage());
                reject(channel, rejection);
            } else {
                handshake(channel, request, upgrade, admission, epoch);
            }
        } finally {
            request.release();
        }
    }

    private void handshake(Channel channel, FullHttpRequest request, UpgradeRequest upgrade, Admission admission,
            long epoch) {
        String subProtocol = upgrade.subProtocol().headerValue();
        // Netty picks the first offered value it supports; SPEC wants the highest offered, so offer only that one.
        request.headers().set(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL, subProtocol);
        UUID channelId = UUID.randomUUID();
        HttpHeaders extra = new DefaultHttpHeaders().set(Handshake.CHANNEL_ID_HEADER, channelId.toString());
        WebSocketServerHandshaker13 handshaker = new WebSocketServerHandshaker13(Handshake.PATH, subProtocol,
                DECODER_CONFIG);
        ChannelPromise done = channel.newPromise();
        done.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("upgrade of {} failed: {}", channel, f.cause().toString());
                channel.close();
                return;
            }
            // Joins on the event loop of the tunnel's other side if it is connected, else on the tunnel's home loop,
            // where the other side will join too: the two then share one thread.
            EventLoop target = LoopMove.target(channel, registry.peerLoop(admission.tunnelId(), upgrade.mode()),
                    admission.tunnelId());
            LoopMove.thenJoin(channel, target, () -> startRelaying(channel, upgrade, admission, channelId, epoch));
        });
        try {
            handshaker.handshake(channel, request, extra, done);
        } catch (WebSocketHandshakeException e) {
            reject(channel, new Rejection(RejectionReason.BAD_WEBSOCKET_HANDSHAKE, HttpResponseStatus.BAD_REQUEST,
                    e.getMessage()));
        }
    }

    private void startRelaying(Channel channel, UpgradeRequest upgrade, Admission admission, UUID channelId,
            long epoch) {
        try {
            RelayConnection connection = RelayPipeline.install(channel, settings, clock, registry,
                    admission.tunnelId(), upgrade.mode(), upgrade.subProtocol(), channelId, admission.services(),
                    RelayPipeline.PENDING);
            connection.start(epoch);
        } catch (RuntimeException e) {
            log.warn("could not start relaying {}", channel, e);
            channel.close();
        }
    }

    private static Rejection unavailable(RejectionReason code, String reason) {
        return new Rejection(code, HttpResponseStatus.SERVICE_UNAVAILABLE, reason);
    }
}
