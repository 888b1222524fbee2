package dev.underpass.server.relay;

import dev.underpass.protocol.Mode;
import dev.underpass.protocol.SubProtocol;

/** A well-formed {@code /tunnel} upgrade request, before admission. Tokens never reach {@link #toString()}. */
record UpgradeRequest(Mode mode, String accessToken, String clientTokenOrNull, SubProtocol subProtocol) {

    @Override
    public String toString() {
        return "UpgradeRequest[mode=" + mode.wireName() + ", accessToken=MASKED, clientToken="
                + (clientTokenOrNull == null ? "none" : "MASKED") + ", subProtocol=" + subProtocol + "]";
    }
}
