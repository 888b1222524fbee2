package dev.underpass.server.api.http;

import dev.underpass.server.api.ErrorType;

/**
 * An answer ready to be written: status, body and the headers that vary.
 *
 * @param status      HTTP status code
 * @param contentType the body's media type
 * @param errorType   the error, written to {@code x-amzn-ErrorType}; {@code null} on success
 * @param allow       the {@code Allow} header of a 405 answer, else {@code null}
 * @param body        the JSON body
 */
record ApiReply(int status, String contentType, ErrorType errorType, String allow, byte[] body) {
    static final String JSON_11 = "application/x-amz-json-1.1";
    static final String JSON = "application/json";
}
