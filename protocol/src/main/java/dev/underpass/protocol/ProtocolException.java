package dev.underpass.protocol;

import io.netty.handler.codec.DecoderException;

/**
 * Input that breaks the data-plane protocol: a truncated, oversized or undecodable message, or a message that a
 * peer in its role may not send. The message says what was wrong and is fit to send as a WebSocket close reason
 * (it never contains payload bytes or secrets). It extends {@link DecoderException} so that Netty's decoders pass it
 * on unwrapped.
 */
public class ProtocolException extends DecoderException {
    public ProtocolException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome of bad input: the message says it all
    }
}
