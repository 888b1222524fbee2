package dev.underpass.server.api;

import java.util.Optional;

/**
 * The operations of the control API, by their AWS names: the eight of AWS IoT Secure Tunneling (AWS JSON 1.1 and
 * REST, signing name {@value #TUNNELING_SIGNING_NAME}) and the thing registry's subset of AWS IoT (REST only, signing
 * name {@value #IOT_SIGNING_NAME}), and
 * Underpass's own access-key and audit operations (REST, and AWS JSON 1.1 under the tunneling prefix, signing name
 * {@value #TUNNELING_SIGNING_NAME}).
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

    // The thing registry: AWS IoT's control plane (restJson1), see dev.underpass.server.api.things.
    CREATE_THING("CreateThing", Family.IOT),
    DESCRIBE_THING("DescribeThing", Family.IOT),
    LIST_THINGS("ListThings", Family.IOT),
    DELETE_THING("DeleteThing", Family.IOT),
    CREATE_KEYS_AND_CERTIFICATE("CreateKeysAndCertificate", Family.IOT),
    DESCRIBE_CERTIFICATE("DescribeCertificate", Family.IOT),
    UPDATE_CERTIFICATE("UpdateCertificate", Family.IOT),
    LIST_CERTIFICATES("ListCertificates", Family.IOT),
    ATTACH_THING_PRINCIPAL("AttachThingPrincipal", Family.IOT),
    DETACH_THING_PRINCIPAL("DetachThingPrincipal", Family.IOT),
    LIST_THING_PRINCIPALS("ListThingPrincipals", Family.IOT),
    /** Underpass's own: the root CA devices need to verify the server (and broker) certificate. */
    GET_ROOT_CA("GetRootCa", Family.IOT),

    // Underpass's own: not in AWS's model, so SDKs have no method for them; REST routes (and X-Amz-Target) reach them.
    CREATE_ACCESS_KEY("CreateAccessKey"),
    LIST_ACCESS_KEYS("ListAccessKeys"),
    REVOKE_ACCESS_KEY("RevokeAccessKey"),
    LIST_TUNNEL_AUDIT("ListTunnelAudit");

    /** Prefix of the {@code X-Amz-Target} header value, from the service's model. */
    public static final String TARGET_PREFIX = "IoTSecuredTunneling.";
    /** SigV4 signing name of AWS IoT Secure Tunneling. */
    public static final String TUNNELING_SIGNING_NAME = "IoTSecuredTunneling";
    /** SigV4 signing name of AWS IoT's control plane, which the registry operations follow. */
    public static final String IOT_SIGNING_NAME = "iot";

    /** Which AWS service an operation belongs to: it decides the signing name and whether JSON 1.1 reaches it. */
    private enum Family {
        TUNNELING, IOT
    }

    private final String awsName;
    private final Family family;

    Operation(String awsName) {
        this(awsName, Family.TUNNELING);
    }

    Operation(String awsName, Family family) {
        this.awsName = awsName;
        this.family = family;
    }

    /** The SigV4 signing name (credential scope service) requests for this operation must be signed with. */
    public String signingName() {
        return family == Family.IOT ? IOT_SIGNING_NAME : TUNNELING_SIGNING_NAME;
    }

    /** Whether the operation is reachable as AWS JSON 1.1 ({@code POST /} with {@code X-Amz-Target}). */
    public boolean hasTarget() {
        return family == Family.TUNNELING;
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
            if (operation.hasTarget() && operation.target().equals(target)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
