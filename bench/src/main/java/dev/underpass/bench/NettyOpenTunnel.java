package dev.underpass.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

/**
 * OpenTunnel as a lean load generator sends it: the exact AWS JSON 1.1 request of the SDK ({@code POST /},
 * {@code X-Amz-Target: IoTSecuredTunneling.OpenTunnel}, the same body as {@link RawOpenTunnel#BODY}), each request
 * signed afresh ({@link SigV4Signer}, its own {@code X-Amz-Date}), over Netty HTTP/1.1 connections kept alive
 * (OpenSSL when available, the server's certificate checked against the CA and the host name). A connection carries
 * one request at a time, no pipelining: a caller takes an idle connection (or opens one), sends, waits for the
 * answer, and gives the connection back. A call fails unless the answer is 200 with a tunnel id; a connection the
 * server closes, or one that answered {@code Connection: close}, is not reused. Thread-safe.
 */
final class NettyOpenTunnel implements AutoCloseable {
    private static final String REGION = "us-east-1";
    private static final String PAYLOAD_HASH = SigV4Signer.payloadHash(RawOpenTunnel.BODY);
    private static final long CALL_TIMEOUT_SECONDS = 60;

    private final EventLoopGroup group;
    private final SslContext ssl;
    private final String host;
    private final int port;
    private final String hostHeader;
    private final SigV4Signer signer;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    /**
     * {@code caFile} may be null for a plain http:// endpoint; {@code ioThreads} event loop threads serve all
     * connections.
     */
    NettyOpenTunnel(URI endpoint, Path caFile, Path credentialsFile, int ioThreads) throws IOException {
        this.host = endpoint.getHost();
        boolean tls = endpoint.getScheme().equals("https");
        this.port = endpoint.getPort() > 0 ? endpoint.getPort() : tls ? 443 : 80;
        this.hostHeader = endpoint.getPort() > 0 ? host + ":" + port : host;
        AwsCredentials credentials = ControlPlane.credentials(credentialsFile);
        this.signer = new SigV4Signer(credentials.accessKeyId(), credentials.secretAccessKey(), REGION,
                "IoTSecuredTunneling");
        this.ssl = tls
                ? SslContextBuilder.forClient().trustManager(caFile.toFile()).endpointIdentificationAlgorithm("HTTPS")
                        .sslProvider(OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK).build()
                : null;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    }

    /** Opens one tunnel; returns the answer's body. */
    String open() {
        Connection connection = idle.pollFirst();
        if (connection == null || !connection.channel.isActive()) {
            connection = connect();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("Host", hostHeader);
        headers.put("X-Amz-Target", RawOpenTunnel.TARGET);
        headers.put("X-Amz-Content-Sha256", PAYLOAD_HASH);
        SigV4Signer.Signature signature = signer.sign(Instant.now(), "POST", "/", headers, PAYLOAD_HASH);
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(RawOpenTunnel.BODY));
        HttpHeaders out = request.headers();
        headers.forEach(out::set);
        out.set("X-Amz-Date", signature.amzDate());
        out.set(HttpHeaderNames.AUTHORIZATION, signature.authorization());
        out.set(HttpHeaderNames.CONTENT_LENGTH, RawOpenTunnel.BODY.length);
        Answer answer = connection.send(request);
        if (answer.keepAlive()) {
            idle.offerFirst(connection);
        } else {
            connection.channel.close();
        }
        if (answer.status() != 200 || !answer.body().contains("\"tunnelId\"")) {
            throw new IllegalStateException("OpenTunnel answered " + answer.status() + ": "
                    + answer.body().substring(0, Math.min(200, answer.body().length())));
        }
        return answer.body();
    }

    private Connection connect() {
        Connection connection = new Connection();
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (ssl != null) {
                            ch.pipeline().addLast(ssl.newHandler(ch.alloc(), host, port));
                        }
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), connection);
                    }
                });
        ChannelFuture connecting = bootstrap.connect(host, port);
        if (!connecting.awaitUninterruptibly(15, TimeUnit.SECONDS) || !connecting.isSuccess()) {
            connecting.channel().close();
            throw new IllegalStateException("cannot connect to " + hostHeader + ": " + connecting.cause());
        }
        if (ssl != null) {
            var handshake = connecting.channel().pipeline().get(SslHandler.class).handshakeFuture();
            if (!handshake.awaitUninterruptibly(15, TimeUnit.SECONDS) || !handshake.isSuccess()) {
                connecting.channel().close();
                throw new IllegalStateException("TLS handshake with " + hostHeader + " failed: " + handshake.cause());
            }
        }
        connection.channel = connecting.channel();
        return connection;
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.channel.close();
        }
        group.shutdownGracefully(0, 5, TimeUnit.SECONDS).awaitUninterruptibly(30_000);
    }

    private record Answer(int status, String body, boolean keepAlive) {
    }

    /** One connection and the answer it waits for; one request at a time. */
    private static final class Connection extends SimpleChannelInboundHandler<FullHttpResponse> {
        private volatile Channel channel;
        private volatile CompletableFuture<Answer> pending;

        Answer send(FullHttpRequest request) {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            pending = answer;
            channel.writeAndFlush(request).addListener(f -> {
                if (!f.isSuccess()) {
                    answer.completeExceptionally(f.cause());
                }
            });
            try {
                return answer.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                channel.close();
                throw new IllegalStateException("OpenTunnel failed: " + e.getCause(), e.getCause());
            } catch (TimeoutException e) {
                channel.close();
                throw new IllegalStateException("OpenTunnel got no answer in " + CALL_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                channel.close();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            CompletableFuture<Answer> answer = pending;
            if (answer != null) {
                // isKeepAlive: HTTP/1.1 without "Connection: close" (or HTTP/1.0 with "keep-alive").
                answer.complete(new Answer(response.status().code(),
                        response.content().toString(StandardCharsets.UTF_8), HttpUtil.isKeepAlive(response)));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            CompletableFuture<Answer> answer = pending;
            if (answer != null) {
                answer.completeExceptionally(new IOException("the server closed the connection"));
            }
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            CompletableFuture<Answer> answer = pending;
            if (answer != null) {
                answer.completeExceptionally(cause);
            }
            ctx.close();
        }
    }
}
