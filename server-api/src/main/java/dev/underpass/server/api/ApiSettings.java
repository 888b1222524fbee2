package dev.underpass.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Settings of the control API.
 *
 * @param region               region written into tunnel ARNs and notifications (requests may name any region)
 * @param accountId            12-digit account id written into tunnel ARNs
 * @param maxServicesPerTunnel most services one destinationConfig may list (AWS allows 3)
 * @param maxOpenTunnels       most tunnels open at once; OpenTunnel beyond it fails with LimitExceededException
 */
public record ApiSettings(String region, String accountId, int maxServicesPerTunnel, int maxOpenTunnels) {
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    public static final int DEFAULT_MAX_SERVICES_PER_TUNNEL = 10;
    public static final int DEFAULT_MAX_OPEN_TUNNELS = 10_000;

    private static final Pattern REGION = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    /** Checks every field and reports all problems at once. */
    public ApiSettings {
        List<String> problems = new ArrayList<>();
        if (region == null || !REGION.matcher(region).matches()) {
            problems.add("region '" + region + "' must be 1-64 characters of a-z, 0-9 and '-' (e.g. us-east-1)");
        }
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            problems.add("accountId '" + accountId + "' must be exactly 12 digits");
        }
        if (maxServicesPerTunnel < 1 || maxServicesPerTunnel > 1000) {
            problems.add("maxServicesPerTunnel " + maxServicesPerTunnel + " must be between 1 and 1000");
        }
        if (maxOpenTunnels < 1) {
            problems.add("maxOpenTunnels " + maxOpenTunnels + " must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid API settings: " + String.join("; ", problems));
        }
    }

    /** The defaults: us-east-1, account 000000000000, 10 services per tunnel, 10000 open tunnels. */
    public static ApiSettings defaults() {
        return new ApiSettings(DEFAULT_REGION, DEFAULT_ACCOUNT_ID, DEFAULT_MAX_SERVICES_PER_TUNNEL,
                DEFAULT_MAX_OPEN_TUNNELS);
    }

    /** The ARN of a tunnel: {@code arn:aws:iot:<region>:<account>:tunnel/<id>}. */
    public String tunnelArn(String tunnelId) {
        return "arn:aws:iot:" + region + ":" + accountId + ":tunnel/" + tunnelId;
    }
}
