package dev.underpass.server.api;

/**
 * The errors the control API can answer with, by their AWS names (SDKs pick the exception class by that name),
 * with the HTTP status used by the AWS JSON 1.1 protocol and by the REST routes.
 */
public enum ErrorType {
    VALIDATION("ValidationException", 400, 400),
    SERIALIZATION("SerializationException", 400, 400),
    UNKNOWN_OPERATION("UnknownOperationException", 400, 404),
    RESOURCE_NOT_FOUND("ResourceNotFoundException", 400, 404),
    /** Too many open tunnels or tags; not a rate limit, so REST answers 400 rather than a retryable 429. */
    LIMIT_EXCEEDED("LimitExceededException", 400, 400),
    /** AWS IoT's name for a request that breaks a constraint (the registry's operations use it). */
    INVALID_REQUEST("InvalidRequestException", 400, 400),
    /** AWS IoT: a thing of that name exists with another configuration, or a certificate is attached elsewhere. */
    RESOURCE_ALREADY_EXISTS("ResourceAlreadyExistsException", 409, 409),
    /** AWS IoT: an {@code expectedVersion} that is not the thing's. */
    VERSION_CONFLICT("VersionConflictException", 409, 409),
    METHOD_NOT_ALLOWED("MethodNotAllowedException", 405, 405),
    MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationTokenException", 403, 403),
    INCOMPLETE_SIGNATURE("IncompleteSignatureException", 403, 403),
    INVALID_SIGNATURE("InvalidSignatureException", 403, 403),
    UNRECOGNIZED_CLIENT("UnrecognizedClientException", 403, 403),
    /** The server is too busy to take the request; SDKs back off and retry this name. */
    THROTTLING("ThrottlingException", 400, 429),
    INTERNAL_FAILURE("InternalFailureException", 500, 500);

    private final String awsName;
    private final int jsonStatus;
    private final int restStatus;

    ErrorType(String awsName, int jsonStatus, int restStatus) {
        this.awsName = awsName;
        this.jsonStatus = jsonStatus;
        this.restStatus = restStatus;
    }

    /** The name written to {@code __type} and {@code x-amzn-ErrorType}. */
    public String awsName() {
        return awsName;
    }

    /** HTTP status for an AWS JSON 1.1 ({@code POST /} with {@code X-Amz-Target}) request. */
    public int jsonStatus() {
        return jsonStatus;
    }

    /** HTTP status for a REST route. */
    public int restStatus() {
        return restStatus;
    }
}
