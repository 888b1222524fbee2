-- The thing registry and the device certificates issued by the server's device CA.
-- Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+. Private keys are never stored.

CREATE TABLE things (
    thing_name VARCHAR(128) NOT NULL,
    thing_id   VARCHAR(64)  NOT NULL,
    thing_arn  VARCHAR(512) NOT NULL,
    version    BIGINT       NOT NULL,
    created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT things_pk PRIMARY KEY (thing_name),
    CONSTRAINT things_id_unique UNIQUE (thing_id)
);

CREATE TABLE thing_attributes (
    thing_name      VARCHAR(128) NOT NULL,
    attribute_name  VARCHAR(128) NOT NULL,
    attribute_value VARCHAR(800) NOT NULL,
    CONSTRAINT thing_attributes_pk PRIMARY KEY (thing_name, attribute_name),
    CONSTRAINT thing_attributes_thing_fk FOREIGN KEY (thing_name) REFERENCES things (thing_name) ON DELETE CASCADE
);

-- certificate_id is the lower-case hex SHA-256 of the certificate's DER, as AWS IoT names certificates.
-- A certificate is attached to at most one thing; deleting the thing detaches it (the store also deactivates it).
CREATE TABLE device_certificates (
    certificate_id  VARCHAR(64)   NOT NULL,
    certificate_arn VARCHAR(512)  NOT NULL,
    thing_name      VARCHAR(128),
    status          VARCHAR(16)   NOT NULL,
    certificate_pem VARCHAR(8000) NOT NULL,
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT device_certificates_pk PRIMARY KEY (certificate_id),
    CONSTRAINT device_certificates_thing_fk FOREIGN KEY (thing_name) REFERENCES things (thing_name)
        ON DELETE SET NULL,
    CONSTRAINT device_certificates_status_check CHECK (status IN ('ACTIVE', 'INACTIVE'))
);

CREATE INDEX device_certificates_by_thing ON device_certificates (thing_name);
