package dev.underpass.server.mqtt.gate;

/** Learns what the device gate let in and turned away, for metrics. Called on event loops; must not block. */
public interface GateObserver {
    GateObserver NONE = new GateObserver() {
        @Override
        public void admitted() {
        }

        @Override
        public void refused(String reason) {
        }
    };

    /** A device connection was handed to the broker. */
    void admitted();

    /**
     * A device connection was refused; {@code reason} is one of a small fixed set: {@code no_certificate},
     * {@code wrong_ca}, {@code unknown_certificate}, {@code inactive_certificate}, {@code client_id_mismatch},
     * {@code forbidden_will}, {@code bad_connect}, {@code unavailable}.
     */
    void refused(String reason);
}
