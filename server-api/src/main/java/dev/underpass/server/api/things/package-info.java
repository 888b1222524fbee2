/**
 * The thing registry's control plane in AWS IoT's REST shapes ({@link dev.underpass.server.api.things.ThingsApi}):
 * things, device certificates issued by the device CA, attachment, status, and the root CA devices need. Changes
 * that end a device's right to connect are reported through {@link dev.underpass.server.api.things.DeviceEvents}.
 */
package dev.underpass.server.api.things;
