package dev.underpass.server.api;

import java.util.Optional;

/**
 * The eight operations of the AWS IoT Secure Tunneling control API, by their AWS names, and Underpass's own
 * operations (access keys, audit), served through the same dispatch (authentication, audit, metrics).
 */
public enum Operation {
    OPEN_TUNNEL("OpenTunnel"),
    CLOSE_TUNNEL("CloseTunnel"),
    DESCRIBE_TUNNEL("DescribeTunnel"),
    LIST_TUNNELS("ListTunnels"),
    ROTATE_TUNNEL_ACCESS_TOKEN("RotateTunnelAccessToken"),
    TAG_RESOURCE("TagResource"),
    UNTAG_RESOURCE("UntagResource"),
    LIST_TAGS_FOR_RESOURCE("ListTagsForResource"),
    // Underpass's own: not in AWS's model, so SDKs have no method for them; REST routes (and X-Amz-Target) reach them.
    CREATE_ACCESS_KEY("CreateAccessKey"),
    LIST_ACCESS_KEYS("ListAccessKeys"),
    REVOKE_ACCESS_KEY("RevokeAccessKey"),
    LIST_TUNNEL_AUDIT("ListTunnelAudit");

    /** Prefix of the {@code X-Amz-Target} header value, from the service's model. */
    public static final String TARGET_PREFIX = "IoTSecuredTunneling.";

    private final String awsName;

    Operation(String awsName) {
        this.awsName = awsName;
    }

    /** The operation name, e.g. {@code OpenTunnel}. */
    public String awsName() {
        return awsName;
    }

    /** The {@code X-Amz-Target} value, e.g. {@code IoTSecuredTunneling.OpenTunnel}. */
    public String target() {
        return TARGET_PREFIX + awsName;
    }

    /** The operation an {@code X-Amz-Target} value names (exact match, as AWS requires); empty if none. */
    public static Optional<Operation> fromTarget(String target) {
        if (target == null) {
            return Optional.empty();
        }
        for (Operation operation : values()) {
            if (operation.target().equals(target)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
