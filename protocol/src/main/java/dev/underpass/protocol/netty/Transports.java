package dev.underpass.protocol.netty;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty transport of this process: the native epoll transport where it loads (Linux on x86_64, whose library
 * ships with us), NIO elsewhere. The system property {@value #PROPERTY} set to {@code nio} forces NIO, set to
 * {@code epoll} requires epoll (startup fails if it cannot load). Chosen once, on first use, and logged.
 *
 * <p>Event loop groups and channel classes must come from the same transport: build groups with
 * {@link #ioHandlerFactory()} and bootstraps with {@link #serverSocketChannel()} / {@link #socketChannel()}.
 * Options common to both (TCP_NODELAY, SO_SNDBUF, water marks, auto-read) apply to either.
 */
public final class Transports {
    /** The system property that picks the transport: {@code nio}, {@code epoll}, or unset for the best available. */
    public static final String PROPERTY = "underpass.transport";

    /** A transport this class can pick. */
    public enum Kind { EPOLL, NIO }

    private static final Logger log = LoggerFactory.getLogger(Transports.class);

    private Transports() {
    }

    /** The transport in use. */
    public static Kind kind() {
        return Chosen.KIND;
    }

    /** The I/O handler for event loop groups, e.g. {@code new MultiThreadIoEventLoopGroup(n, factory)}. */
    public static IoHandlerFactory ioHandlerFactory() {
        return kind() == Kind.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    }

    /** The listening channel class for a {@code ServerBootstrap}. */
    public static Class<? extends ServerSocketChannel> serverSocketChannel() {
        return kind() == Kind.EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The TCP client channel class for a {@code Bootstrap}. */
    public static Class<? extends SocketChannel> socketChannel() {
        return kind() == Kind.EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * The TCP client channel class that can run on the same event loop as {@code channel}, whatever transport that
     * loop's group was built with (for a second connection on an accepted channel's loop).
     */
    public static Class<? extends SocketChannel> socketChannelLike(Channel channel) {
        return channel instanceof EpollSocketChannel ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /**
     * The transport for a value of {@value #PROPERTY} ({@code null} when unset) and what {@code epollUnavailable}
     * says: {@code null} when epoll loads, else why not.
     *
     * @throws IllegalArgumentException for an unknown value, or {@code epoll} when it cannot load
     */
    static Kind choose(String property, Supplier<String> epollUnavailable) {
        String wanted = property == null ? "" : property.trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "nio":
                return Kind.NIO;
            case "epoll": {
                String why = epollUnavailable.get();
                if (why != null) {
                    throw new IllegalArgumentException(PROPERTY + "=epoll but the epoll transport cannot load here ("
                            + why + "); use " + PROPERTY + "=nio or leave it unset");
                }
                return Kind.EPOLL;
            }
            case "":
                return epollUnavailable.get() == null ? Kind.EPOLL : Kind.NIO;
            default:
                throw new IllegalArgumentException(PROPERTY + " must be 'nio' or 'epoll' (or unset for the best"
                        + " available), got '" + property + "'");
        }
    }

    /** Why the native epoll transport cannot be used here, or {@code null} if it can. */
    static String epollUnavailable() {
        try {
            if (Epoll.isAvailable()) {
                return null;
            }
            Throwable cause = Epoll.unavailabilityCause();
            return cause == null ? "unavailable" : cause.toString();
        } catch (LinkageError e) {
            return e.toString();
        }
    }

    /** Holds the choice; initialized on first use, so a bad property fails the first bootstrap, not class loading. */
    private static final class Chosen {
        static final Kind KIND = chooseAndLog();

        private static Kind chooseAndLog() {
            String property = System.getProperty(PROPERTY);
            Kind kind = choose(property, Transports::epollUnavailable);
            if (kind == Kind.EPOLL) {
                log.info("network transport: native epoll");
            } else if (property != null) {
                log.info("network transport: NIO ({}={})", PROPERTY, property);
            } else {
                log.info("network transport: NIO (native epoll unavailable: {})", epollUnavailable());
            }
            return kind;
        }
    }
}
