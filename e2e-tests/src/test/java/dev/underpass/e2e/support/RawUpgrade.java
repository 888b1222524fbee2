package dev.underpass.e2e.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * Sends a hand-written WebSocket upgrade request over TLS and reads the answer, so that a test controls every byte
 * of the handshake (missing or duplicate headers, oversized requests) and sees the rejection's status and body.
 */
public final class RawUpgrade {
    private static final int TIMEOUT_MILLIS = 10_000;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;

    /** The server's answer: status code, lower-case header names, and the body (empty for a 101). */
    public record Response(int status, String statusLine, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return statusLine + " " + headers + " body=" + body.strip();
        }
    }

    private RawUpgrade() {
    }

    /** A well-formed upgrade to {@code target} (path and query) with the given extra header lines. */
    public static String request(URI endpoint, String target, Map<String, String> extraHeaders) {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", endpoint.getHost() + ":" + endpoint.getPort());
        headers.put("Upgrade", "websocket");
        headers.put("Connection", "Upgrade");
        headers.put("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
        headers.put("Sec-WebSocket-Version", "13");
        headers.put("Sec-WebSocket-Protocol", "aws.iot.securetunneling-3.0");
        headers.putAll(extraHeaders);
        StringBuilder request = new StringBuilder("GET ").append(target).append(" HTTP/1.1\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        return request.append("\r\n").toString();
    }

    /** Sends the request bytes as they are and reads the answer. */
    public static Response send(URI endpoint, SSLContext ssl, String request) throws IOException {
        try (SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            SSLParameters params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed before the end of the response headers: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_RESPONSE_BYTES) {
                throw new IOException("response headers too long");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String statusLine = lines[0];
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        if (status == 101) {
            return new Response(status, statusLine, headers, "");
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String length = headers.get("content-length");
        long expected = length == null ? Long.MAX_VALUE : Long.parseLong(length);
        try {
            int b;
            while (body.size() < expected && body.size() < MAX_RESPONSE_BYTES && (b = in.read()) >= 0) {
                body.write(b);
            }
        } catch (SocketTimeoutException e) {
            // no length and the connection stayed open: what arrived is the body
        }
        return new Response(status, statusLine, headers, body.toString(StandardCharsets.UTF_8));
    }
}
