package dev.underpass.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@link ThingStore} over JDBC, the same SQL on H2 and PostgreSQL. It runs on the tunnel store's pool
 * ({@link JdbcTunnelStore#dataSource()}), whose migrations created its tables; it owns nothing to close.
 */
public final class JdbcThingStore implements ThingStore {

    /** The largest page a listing returns. */
    public static final int MAX_PAGE_SIZE = 1000;

    private static final String THING_COLUMNS = "thing_name, thing_id, thing_arn, version, created_at";
    private static final String CERTIFICATE_COLUMNS =
            "certificate_id, certificate_arn, thing_name, status, certificate_pem, created_at, updated_at";

    private final Sql sql;

    public JdbcThingStore(DataSource dataSource) {
        this.sql = new Sql(Objects.requireNonNull(dataSource, "dataSource"));
    }

    @Override
    public Optional<Thing> createThing(Thing thing) {
        Objects.requireNonNull(thing, "thing");
        try {
            return sql.transaction("creating thing " + thing.thingName(), c -> {
                if (thingIn(c, thing.thingName()).isPresent()) {
                    return Optional.empty();
                }
                Sql.update(c, "INSERT INTO things (" + THING_COLUMNS + ") VALUES (?, ?, ?, ?, ?)", thing.thingName(),
                        thing.thingId(), thing.thingArn(), thing.version(), thing.createdAt());
                for (Map.Entry<String, String> attribute : thing.attributes().entrySet()) {
                    Sql.update(c, "INSERT INTO thing_attributes (thing_name, attribute_name, attribute_value)"
                            + " VALUES (?, ?, ?)", thing.thingName(), attribute.getKey(), attribute.getValue());
                }
                return thingIn(c, thing.thingName());
            });
        } catch (StoreException e) {
            // A concurrent create of the same name won the race: the name is taken, as if checked before.
            if (e.isConstraintViolation() && findThing(thing.thingName()).isPresent()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<Thing> findThing(String thingName) {
        return sql.autoCommit("finding thing " + thingName, c -> thingIn(c, thingName));
    }

    @Override
    public Page<Thing> listThings(int maxResults, String nextToken) {
        checkPageSize(maxResults);
        String after = nextToken == null ? null : KeyToken.decode(nextToken);
        List<Thing> found = sql.autoCommit("listing things", c -> {
            List<Thing> things = new ArrayList<>();
            for (Row row : rows(c, "SELECT " + THING_COLUMNS + " FROM things"
                    + (after == null ? "" : " WHERE thing_name > ?") + " ORDER BY thing_name FETCH FIRST ? ROWS ONLY",
                    after == null ? new Object[] {maxResults + 1} : new Object[] {after, maxResults + 1})) {
                things.add(row.thing(attributesOf(c, row.text(0))));
            }
            return things;
        });
        return page(found, maxResults, Thing::thingName);
    }

    @Override
    public Optional<List<String>> deleteThing(String thingName, Instant at) {
        return sql.transaction("deleting thing " + thingName, c -> {
            if (thingIn(c, thingName).isEmpty()) {
                return Optional.empty();
            }
            List<String> certificates = certificatesIn(c, "WHERE thing_name = ?", thingName).stream()
                    .map(DeviceCertificate::certificateId).toList();
            Sql.update(c, "UPDATE device_certificates SET thing_name = NULL, status = ?, updated_at = ?"
                    + " WHERE thing_name = ?", CertificateStatus.INACTIVE, at, thingName);
            Sql.update(c, "DELETE FROM thing_attributes WHERE thing_name = ?", thingName);
            Sql.update(c, "DELETE FROM things WHERE thing_name = ?", thingName);
            return Optional.of(certificates);
        });
    }

    @Override
    public DeviceCertificate createCertificate(String certificateId, String certificateArn, String certificatePem,
            CertificateStatus status, Instant at) {
        Objects.requireNonNull(status, "status");
        return sql.transaction("registering certificate " + certificateId, c -> {
            Sql.update(c, "INSERT INTO device_certificates (" + CERTIFICATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                    certificateId, certificateArn, null, status, certificatePem, at, at);
            return certificateIn(c, certificateId).orElseThrow();
        });
    }

    @Override
    public Optional<DeviceCertificate> findCertificate(String certificateId) {
        return sql.autoCommit("finding certificate " + certificateId, c -> certificateIn(c, certificateId));
    }

    @Override
    public Page<DeviceCertificate> listCertificates(int maxResults, String nextToken) {
        checkPageSize(maxResults);
        String after = nextToken == null ? null : KeyToken.decode(nextToken);
        List<DeviceCertificate> found = sql.autoCommit("listing certificates", c -> after == null
                ? certificatesIn(c, "ORDER BY certificate_id FETCH FIRST ? ROWS ONLY", maxResults + 1)
                : certificatesIn(c, "WHERE certificate_id > ? ORDER BY certificate_id FETCH FIRST ? ROWS ONLY", after,
                        maxResults + 1));
        return page(found, maxResults, DeviceCertificate::certificateId);
    }

    @Override
    public List<DeviceCertificate> certificatesOf(String thingName) {
        return sql.autoCommit("listing the certificates of thing " + thingName,
                c -> certificatesIn(c, "WHERE thing_name = ? ORDER BY certificate_id", thingName));
    }

    @Override
    public Optional<DeviceCertificate> updateCertificateStatus(String certificateId, CertificateStatus status,
            Instant at) {
        Objects.requireNonNull(status, "status");
        return sql.transaction("updating certificate " + certificateId, c -> {
            Sql.update(c, "UPDATE device_certificates SET status = ?, updated_at = ? WHERE certificate_id = ?", status,
                    at, certificateId);
            return certificateIn(c, certificateId);
        });
    }

    @Override
    public AttachOutcome attach(String thingName, String certificateId, Instant at) {
        return sql.transaction("attaching certificate " + certificateId + " to thing " + thingName, c -> {
            if (thingIn(c, thingName).isEmpty()) {
                return AttachOutcome.NO_SUCH_THING;
            }
            Optional<DeviceCertificate> certificate = certificateIn(c, certificateId);
            if (certificate.isEmpty()) {
                return AttachOutcome.NO_SUCH_CERTIFICATE;
            }
            String current = certificate.get().thingName();
            if (thingName.equals(current)) {
                return AttachOutcome.ATTACHED;
            }
            // The condition on thing_name makes a racing attach to another thing lose instead of overwrite.
            int updated = Sql.update(c, "UPDATE device_certificates SET thing_name = ?, updated_at = ?"
                    + " WHERE certificate_id = ? AND thing_name IS NULL", thingName, at, certificateId);
            return updated == 1 ? AttachOutcome.ATTACHED : AttachOutcome.ATTACHED_TO_ANOTHER_THING;
        });
    }

    @Override
    public boolean detach(String thingName, String certificateId, Instant at) {
        return sql.autoCommit("detaching certificate " + certificateId + " from thing " + thingName,
                c -> Sql.update(c, "UPDATE device_certificates SET thing_name = NULL, updated_at = ?"
                        + " WHERE certificate_id = ? AND thing_name = ?", at, certificateId, thingName) == 1);
    }

    private static void checkPageSize(int maxResults) {
        if (maxResults < 1 || maxResults > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("maxResults must be 1 to " + MAX_PAGE_SIZE + ", was " + maxResults);
        }
    }

    private static <T> Page<T> page(List<T> found, int maxResults, java.util.function.Function<T, String> key) {
        if (found.size() <= maxResults) {
            return new Page<>(found, null);
        }
        List<T> page = found.subList(0, maxResults);
        return new Page<>(page, KeyToken.after(key.apply(page.get(maxResults - 1))));
    }

    private static Optional<Thing> thingIn(Connection c, String thingName) throws SQLException {
        List<Row> found = rows(c, "SELECT " + THING_COLUMNS + " FROM things WHERE thing_name = ?", thingName);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(found.get(0).thing(attributesOf(c, thingName)));
    }

    private static Map<String, String> attributesOf(Connection c, String thingName) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Row row : rows(c, "SELECT attribute_name, attribute_value FROM thing_attributes WHERE thing_name = ?",
                thingName)) {
            attributes.put(row.text(0), row.text(1));
        }
        return attributes;
    }

    private static Optional<DeviceCertificate> certificateIn(Connection c, String certificateId) throws SQLException {
        return certificatesIn(c, "WHERE certificate_id = ?", certificateId).stream().findFirst();
    }

    private static List<DeviceCertificate> certificatesIn(Connection c, String where, Object... params)
            throws SQLException {
        List<DeviceCertificate> certificates = new ArrayList<>();
        for (Row row : rows(c, "SELECT " + CERTIFICATE_COLUMNS + " FROM device_certificates " + where, params)) {
            certificates.add(row.certificate());
        }
        return certificates;
    }

    /** Reads every row of a query as its column values, so that results are closed before further queries run. */
    private static List<Row> rows(Connection c, String query, Object... params) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement statement = c.prepareStatement(query)) {
            Sql.bind(statement, params);
            try (ResultSet rs = statement.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Object[] values = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        String name = rs.getMetaData().getColumnLabel(i + 1);
                        values[i] = name.toLowerCase(java.util.Locale.ROOT).endsWith("_at")
                                ? Sql.instant(rs, name) : rs.getObject(i + 1);
                    }
                    rows.add(new Row(values));
                }
            }
        }
        return rows;
    }

    /** One row's values in column order. */
    private record Row(Object[] values) {
        String text(int column) {
            return (String) values[column];
        }

        Thing thing(Map<String, String> attributes) {
            return new Thing(text(0), text(1), text(2), attributes, ((Number) values[3]).longValue(),
                    (Instant) values[4]);
        }

        DeviceCertificate certificate() {
            return new DeviceCertificate(text(0), text(1), text(2), CertificateStatus.valueOf(text(3)), text(4),
                    (Instant) values[5], (Instant) values[6]);
        }
    }
}
