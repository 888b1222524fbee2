package dev.underpass.server.store;

/** Whether an access key signs requests: {@code ACTIVE}, or {@code REVOKED} for good (a revoked key never returns). */
public enum AccessKeyStatus { ACTIVE, REVOKED }
