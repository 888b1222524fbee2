package dev.underpass.server.store;

/** Whether a device certificate may be used to connect; AWS IoT's names. */
public enum CertificateStatus {
    ACTIVE,
    INACTIVE
}
