package io.synchub.conflict;

import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.FieldConflict;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Conflict records: two origins disagreeing on one field inside the window. */
@Component
public class ConflictStore {

    private final JdbcTemplate jdbc;

    public ConflictStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a disagreement: one open conflict per product and field, updated in place (values, origins, applied
     * origin, occurrences, last seen) while it is open; a disagreement the rules settled updates the product's latest
     * rule-settled record of that field inside the conflict window the same way. Only a disagreement after an
     * operator settled the field, or after the window, starts a new record. Runs under the product's row lock; the
     * unique index on (product_id, open_field) backs the one-open rule.
     */
    public long record(long productId, FieldConflict c, java.time.Duration window) {
        Timestamp now = Timestamp.from(Instant.now());
        String status = c.needsOperator() ? "CONFLICT" : "RESOLVED";
        List<Long> current = c.needsOperator()
                ? jdbc.queryForList("SELECT id FROM conflicts WHERE product_id = ? AND open_field = ?", Long.class, productId, c.field())
                : jdbc.queryForList("SELECT id FROM conflicts WHERE product_id = ? AND field = ? AND status = 'RESOLVED' "
                        + "AND resolution = ? AND last_seen_at >= ? ORDER BY id DESC LIMIT 1", Long.class, productId, c.field(),
                "rule:" + c.appliedOrigin(), Timestamp.from(now.toInstant().minus(window)));
        if (!current.isEmpty()) {
            long id = current.get(0);
            jdbc.update("UPDATE conflicts SET local_value = ?, local_origin = ?, local_at = ?, remote_value = ?, remote_origin = ?, "
                            + "remote_at = ?, applied_origin = ?, occurrences = occurrences + 1, last_seen_at = ? WHERE id = ?",
                    CanonicalJson.write(c.localValue()), c.localOrigin(), Timestamp.from(c.localAt()),
                    CanonicalJson.write(c.remoteValue()), c.remoteOrigin(), Timestamp.from(c.remoteAt()), c.appliedOrigin(), now, id);
            return id;
        }
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO conflicts (product_id, field, field_group, local_value, "
                    + "local_origin, local_at, remote_value, remote_origin, remote_at, applied_origin, status, resolution, "
                    + "created_at, resolved_at, occurrences, last_seen_at, open_field) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)", new String[]{"id"});
            ps.setLong(1, productId);
            ps.setString(2, c.field());
            ps.setString(3, c.group());
            ps.setString(4, CanonicalJson.write(c.localValue()));
            ps.setString(5, c.localOrigin());
            ps.setTimestamp(6, Timestamp.from(c.localAt()));
            ps.setString(7, CanonicalJson.write(c.remoteValue()));
            ps.setString(8, c.remoteOrigin());
            ps.setTimestamp(9, Timestamp.from(c.remoteAt()));
            ps.setString(10, c.appliedOrigin());
            ps.setString(11, status);
            ps.setString(12, c.needsOperator() ? null : "rule:" + c.appliedOrigin());
            ps.setTimestamp(13, now);
            ps.setTimestamp(14, c.needsOperator() ? null : now);
            ps.setTimestamp(15, now);
            ps.setString(16, c.needsOperator() ? c.field() : null);
            return ps;
        }, key);
        return key.getKey().longValue();
    }

    public List<Map<String, Object>> list(String status, Long productId, int limit, int offset) {
        List<Object> args = new ArrayList<>();
        String where = where(status, productId, args);
        args.add(limit);
        args.add(offset);
        return jdbc.queryForList("SELECT * FROM conflicts" + where + " ORDER BY id DESC LIMIT ? OFFSET ?", args.toArray());
    }

    public long count(String status, Long productId) {
        List<Object> args = new ArrayList<>();
        String where = where(status, productId, args);
        return jdbc.queryForObject("SELECT COUNT(*) FROM conflicts" + where, Long.class, args.toArray());
    }

    private static String where(String status, Long productId, List<Object> args) {
        List<String> clauses = new ArrayList<>();
        if (status != null) {
            clauses.add("status = ?");
            args.add(status);
        }
        if (productId != null) {
            clauses.add("product_id = ?");
            args.add(productId);
        }
        return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
    }

    public Optional<Map<String, Object>> lock(long id) {
        return jdbc.queryForList("SELECT * FROM conflicts WHERE id = ? FOR UPDATE", id).stream().findFirst();
    }

    public Optional<Map<String, Object>> find(long id) {
        return jdbc.queryForList("SELECT * FROM conflicts WHERE id = ?", id).stream().findFirst();
    }

    public void markResolved(long id, String resolution, String resolvedValueJson) {
        jdbc.update("UPDATE conflicts SET status = 'RESOLVED', resolution = ?, resolved_value = ?, resolved_at = ?, open_field = NULL "
                        + "WHERE id = ?",
                resolution, resolvedValueJson, Timestamp.from(Instant.now()), id);
    }

    public long openForProduct(long productId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND status = 'CONFLICT'", Long.class, productId);
    }
}
