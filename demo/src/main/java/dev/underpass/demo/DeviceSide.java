package dev.underpass.demo;

import software.amazon.awssdk.services.iotsecuretunneling.model.OpenTunnelResponse;

/**
 * The device's end of the demo tunnel: something that gets the tunnel's destination token and runs a destination
 * proxy mapping the tunnel's services to the device's local addresses.
 */
interface DeviceSide extends AutoCloseable {
    /**
     * Gets ready to receive a tunnel, before it is opened (a device agent connects to its broker here).
     *
     * @throws IllegalStateException naming why the device side cannot get ready
     */
    void start();

    /**
     * Connects the tunnel's destination side and returns once it carries connections.
     *
     * @throws IllegalStateException naming why the destination did not connect
     */
    void connect(OpenTunnelResponse tunnel);

    /** For the demo's story: how the device side got the tunnel. */
    String describe();

    /** Stops the destination proxy and waits until it has released everything. */
    @Override
    void close();
}
