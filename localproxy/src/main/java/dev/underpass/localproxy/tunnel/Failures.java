package dev.underpass.localproxy.tunnel;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.proxy.ProxyConnectException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import javax.net.ssl.SSLException;

/** Turns network exceptions into short, user-facing text. */
public final class Failures {
    private Failures() {
    }

    /** One line saying what went wrong, without a stack trace. */
    public static String describe(Throwable cause) {
        Throwable c = cause;
        while (c instanceof DecoderException && c.getCause() != null) {
            c = c.getCause();
        }
        String message = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
        if (c instanceof UnknownHostException) {
            return "unknown host " + message;
        }
        if (c instanceof SSLException) {
            Throwable root = c;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            String detail = root.getMessage() == null ? message : root.getMessage();
            return "TLS failed: " + detail;
        }
        if (c instanceof ProxyConnectException) {
            return "HTTPS proxy failed: " + message;
        }
        if (c instanceof ConnectException || c instanceof ClosedChannelException) {
            return message;
        }
        return c instanceof IOException ? message : c.getClass().getSimpleName() + ": " + message;
    }

    /** Whether an exception is the expected noise of a peer going away (logged at debug). */
    public static boolean isNoise(Throwable cause) {
        return cause instanceof IOException && !(cause instanceof SSLException);
    }
}
