package dev.underpass.server.store;

/** What an audit entry records: a control-API call, or something that happened to a tunnel. */
public enum AuditKind { API_CALL, TUNNEL_EVENT }
