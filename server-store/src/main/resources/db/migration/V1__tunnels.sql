-- Tunnels and their two sides. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
-- Tokens are never stored: only their SHA-256 hex hashes.

CREATE TABLE tunnels (
    tunnel_id              VARCHAR(128)  NOT NULL,
    tunnel_arn             VARCHAR(512)  NOT NULL,
    status                 VARCHAR(16)   NOT NULL,
    description            VARCHAR(2048),
    has_destination_config BOOLEAN       NOT NULL,
    thing_name             VARCHAR(128),
    max_lifetime_minutes   INTEGER       NOT NULL,
    created_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    last_updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    expires_at             TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    closed_at              TIMESTAMP(6) WITH TIME ZONE,
    CONSTRAINT tunnels_pk PRIMARY KEY (tunnel_id),
    CONSTRAINT tunnels_arn_unique UNIQUE (tunnel_arn),
    CONSTRAINT tunnels_status_check CHECK (status IN ('OPEN', 'CLOSED'))
);

-- ListTunnels: newest first, optionally for one thing, with keyset pagination on (created_at, tunnel_id).
CREATE INDEX tunnels_by_created ON tunnels (created_at DESC, tunnel_id DESC);
CREATE INDEX tunnels_by_thing ON tunnels (thing_name, created_at DESC, tunnel_id DESC);
-- The expiry sweep and the purge of closed tunnels.
CREATE INDEX tunnels_by_expiry ON tunnels (status, expires_at);
CREATE INDEX tunnels_by_closed ON tunnels (status, closed_at);

-- One row per side (SOURCE, DESTINATION): its access token and its connection state.
CREATE TABLE tunnel_sides (
    tunnel_id             VARCHAR(128) NOT NULL,
    side                  VARCHAR(16)  NOT NULL,
    token_hash            VARCHAR(128) NOT NULL,
    token_used            BOOLEAN      NOT NULL,
    client_token_hash     VARCHAR(128),
    connection_status     VARCHAR(16)  NOT NULL,
    connection_updated_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT tunnel_sides_pk PRIMARY KEY (tunnel_id, side),
    CONSTRAINT tunnel_sides_token_unique UNIQUE (token_hash),
    CONSTRAINT tunnel_sides_tunnel_fk FOREIGN KEY (tunnel_id) REFERENCES tunnels (tunnel_id) ON DELETE CASCADE,
    CONSTRAINT tunnel_sides_side_check CHECK (side IN ('SOURCE', 'DESTINATION')),
    CONSTRAINT tunnel_sides_status_check CHECK (connection_status IN ('CONNECTED', 'DISCONNECTED'))
);

CREATE TABLE tunnel_services (
    tunnel_id  VARCHAR(128) NOT NULL,
    seq        INTEGER      NOT NULL,
    service_id VARCHAR(128) NOT NULL,
    CONSTRAINT tunnel_services_pk PRIMARY KEY (tunnel_id, seq),
    CONSTRAINT tunnel_services_tunnel_fk FOREIGN KEY (tunnel_id) REFERENCES tunnels (tunnel_id) ON DELETE CASCADE
);

-- seq keeps the insertion order of tags; overwriting a value keeps its seq.
CREATE TABLE tunnel_tags (
    tunnel_id VARCHAR(128) NOT NULL,
    seq       INTEGER      NOT NULL,
    tag_key   VARCHAR(128) NOT NULL,
    tag_value VARCHAR(256) NOT NULL,
    CONSTRAINT tunnel_tags_pk PRIMARY KEY (tunnel_id, tag_key),
    CONSTRAINT tunnel_tags_tunnel_fk FOREIGN KEY (tunnel_id) REFERENCES tunnels (tunnel_id) ON DELETE CASCADE
);
