package dev.underpass.e2e.support;

import dev.underpass.protocol.Handshake;
import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;
import dev.underpass.protocol.proto.Message;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import org.awaitility.Awaitility;

/**
 * A hand-driven data-plane client (the JDK's WebSocket client) that speaks the tunnel protocol message by message, or
 * sends whatever bytes and frames a test wants: the way to play a misbehaving or a V1/V2 peer.
 */
public final class RawTunnelClient implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final WebSocket socket;
    private final Listener listener;

    /** How the server ended the session: a close frame's code and reason, or the error that broke it. */
    public record Closed(int code, String reason, Throwable error) {
        public boolean byCloseFrame() {
            return error == null;
        }
    }

    private RawTunnelClient(WebSocket socket, Listener listener) {
        this.socket = socket;
        this.listener = listener;
    }

    /**
     * Opens a session; throws (a {@link java.net.http.WebSocketHandshakeException} inside) when the server refuses.
     *
     * @param clientToken optional; null sends none
     */
    public static RawTunnelClient connect(URI endpoint, SSLContext ssl, Mode mode, String accessToken,
            String clientToken, SubProtocol offered) {
        return connect(HttpClient.newBuilder().sslContext(ssl).connectTimeout(TIMEOUT).build(), endpoint, mode,
                accessToken, clientToken, offered);
    }

    /** The same through a given HTTP client, so that many sessions in a row share one (and its selector thread). */
    public static RawTunnelClient connect(HttpClient http, URI endpoint, Mode mode, String accessToken,
            String clientToken, SubProtocol offered) {
        Listener listener = new Listener();
        WebSocket.Builder builder = http.newWebSocketBuilder()
                .connectTimeout(TIMEOUT)
                .header(Handshake.ACCESS_TOKEN_HEADER, accessToken)
                .subprotocols(offered.headerValue());
        if (clientToken != null) {
            builder.header(Handshake.CLIENT_TOKEN_HEADER, clientToken);
        }
        String scheme = endpoint.getScheme().equals("https") ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + endpoint.getHost() + ":" + endpoint.getPort() + Handshake.PATH + "?"
                + Handshake.MODE_PARAMETER + "=" + mode.wireName());
        WebSocket socket = builder.buildAsync(uri, listener).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return new RawTunnelClient(socket, listener);
    }

    /** The sub-protocol the server chose. */
    public Optional<SubProtocol> subProtocol() {
        return SubProtocol.fromHeaderValue(socket.getSubprotocol());
    }

    /** Every tunnel message received so far, in order. */
    public List<Message> received() {
        return List.copyOf(listener.messages);
    }

    /** Waits for a received message that matches. */
    public Message awaitMessage(String what, Predicate<Message> match) {
        Message[] found = new Message[1];
        Awaitility.await(what).atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() -> {
            found[0] = listener.messages.stream().filter(match).findFirst().orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    /** Sends a WebSocket ping; the returned future completes with the payload of the next pong. */
    public CompletableFuture<byte[]> ping(byte[] payload) {
        CompletableFuture<byte[]> pong = new CompletableFuture<>();
        listener.pendingPong.set(pong);
        socket.sendPing(ByteBuffer.wrap(payload)).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        return pong;
    }

    /** Pongs that arrived while no ping of ours was waiting for one. */
    public int unsolicitedPongs() {
        return listener.unsolicitedPongs.get();
    }

    /** Completes when the server closes the session or the connection breaks. */
    public CompletableFuture<Closed> closed() {
        return listener.closed;
    }

    /** Sends the messages, each with its length prefix, in one binary WebSocket message. */
    public void send(Message... messages) {
        sendBinary(encode(messages));
    }

    public void sendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    /** Sends the bytes as one WebSocket message made of continuation frames of at most {@code fragment} bytes. */
    public void sendFragmented(byte[] bytes, int fragment) {
        for (int from = 0; from < bytes.length; from += fragment) {
            int to = Math.min(bytes.length, from + fragment);
            socket.sendBinary(ByteBuffer.wrap(bytes, from, to - from), to == bytes.length)
                    .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        }
    }

    /** Length-prefixed encoding of the messages, back to back, as they travel in a WebSocket message. */
    public static byte[] encode(Message... messages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Message m : messages) {
            byte[] body = m.toByteArray();
            bytes.write(body.length >>> 8);
            bytes.write(body.length & 0xFF);
            bytes.writeBytes(body);
        }
        return bytes.toByteArray();
    }

    /** Sends, without failing when the server closes the connection before all bytes are out. */
    public void trySendBinary(byte[] bytes) {
        socket.sendBinary(ByteBuffer.wrap(bytes), true)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }

    public void sendText(String text) {
        socket.sendText(text, true).orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "test done").completeOnTimeout(null, 5, TimeUnit.SECONDS);
        }
        socket.abort();
    }

    /** Reassembles tunnel messages from binary WebSocket messages, which need not line up with them. */
    private static final class Listener implements WebSocket.Listener {
        final List<Message> messages = new CopyOnWriteArrayList<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        final AtomicReference<CompletableFuture<byte[]>> pendingPong = new AtomicReference<>();
        final AtomicInteger unsolicitedPongs = new AtomicInteger();
        private ByteBuffer pending = ByteBuffer.allocate(0);

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            CompletableFuture<byte[]> waiting = pendingPong.getAndSet(null);
            if (waiting == null) {
                unsolicitedPongs.incrementAndGet();
            } else {
                byte[] payload = new byte[message.remaining()];
                message.get(payload);
                waiting.complete(payload);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            ByteBuffer joined = ByteBuffer.allocate(pending.remaining() + data.remaining());
            joined.put(pending).put(data).flip();
            while (joined.remaining() >= 2) {
                int length = Short.toUnsignedInt(joined.getShort(joined.position()));
                if (joined.remaining() < 2 + length) {
                    break;
                }
                joined.position(joined.position() + 2);
                byte[] body = new byte[length];
                joined.get(body);
                try {
                    messages.add(Message.parseFrom(body));
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    closed.complete(new Closed(-1, "server sent an undecodable message", e));
                }
            }
            pending = joined.slice();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            closed.complete(new Closed(-1, "server sent a text frame: " + data, new IllegalStateException()));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(new Closed(statusCode, reason, null));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(-1, String.valueOf(error.getMessage()), error));
        }
    }

    @Override
    public String toString() {
        return "RawTunnelClient" + (closed().isDone() ? " closed " + closed().join() : " open");
    }
}
