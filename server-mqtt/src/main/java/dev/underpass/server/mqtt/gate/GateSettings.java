package dev.underpass.server.mqtt.gate;

import java.time.Duration;

/**
 * Limits of the device gate.
 *
 * @param maxPacketBytes largest CONNECT accepted (AWS IoT's message limit is 128 KiB)
 * @param maxHeldBytes   bytes held while the directory is asked; more closes the connection
 * @param lowWaterMark   write buffer low water mark of both relayed channels
 * @param highWaterMark  write buffer high water mark of both relayed channels
 * @param connectTimeout how long a device may take to send its CONNECT and be admitted
 */
public record GateSettings(int maxPacketBytes, int maxHeldBytes, int lowWaterMark, int highWaterMark,
        Duration connectTimeout) {
    public static final GateSettings DEFAULTS = new GateSettings(128 * 1024 + 5, 1024 * 1024, 32 * 1024, 64 * 1024,
            Duration.ofSeconds(20));
}
