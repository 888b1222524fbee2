package dev.underpass.server.store;

import java.util.Objects;

/**
 * The result of {@link TunnelStore#claimToken}.
 *
 * @param outcome the verdict
 * @param tunnel  the token's tunnel as of the verdict; {@code null} exactly when the outcome is
 *                {@link ClaimOutcome#UNKNOWN_TOKEN}
 */
public record Claim(ClaimOutcome outcome, Tunnel tunnel) {

    public Claim {
        Objects.requireNonNull(outcome, "outcome");
        if ((tunnel == null) != (outcome == ClaimOutcome.UNKNOWN_TOKEN)) {
            throw new IllegalArgumentException("a claim has a tunnel unless its token is unknown: " + outcome);
        }
    }

    static Claim unknownToken() {
        return new Claim(ClaimOutcome.UNKNOWN_TOKEN, null);
    }
}
