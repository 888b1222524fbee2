package dev.underpass.server.mqtt.gate;

import dev.underpass.server.mqtt.DeviceDirectory;
import java.security.cert.X509Certificate;
import java.util.concurrent.Executor;

/** What every {@link DeviceGate} shares: limits, the device CA, the directory, the broker's port and secret. */
record GateContext(GateSettings settings, X509Certificate deviceCa, DeviceDirectory directory, Executor blocking,
        int brokerPort, String secret, LiveDevices live, GateObserver observer) {

    @Override
    public String toString() {
        return "GateContext[brokerPort=" + brokerPort + ", secret=MASKED]";
    }
}
