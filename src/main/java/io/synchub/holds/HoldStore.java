package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The owner of the {@code holds} and {@code hold_history} tables. */
@Component
public class HoldStore {

    private static final RowMapper<StoredHold> ROW = (rs, n) -> new StoredHold(rs.getString("id"), rs.getString("client_id"),
            rs.getString("authority"), rs.getString("authority_hold_id"), rs.getString("status"), rs.getString("session_id"),
            rs.getString("customer_id"), rs.getString("outfit_id"), StoredHold.itemsFrom(CanonicalJson.parse(rs.getString("items"))),
            CanonicalJson.parse(rs.getString("metadata")), rs.getInt("duration_seconds"),
            DbTime.instant(rs.getObject("authority_expires_at")), DbTime.instant(rs.getObject("expires_at")),
            DbTime.instant(rs.getObject("created_at")), DbTime.instant(rs.getObject("updated_at")));

    private final JdbcTemplate jdbc;

    public HoldStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(StoredHold h, String idempotencyKey) {
        jdbc.update("INSERT INTO holds (id, client_id, authority, authority_hold_id, status, session_id, customer_id, outfit_id, items,"
                        + " metadata, duration_seconds, idempotency_key, authority_expires_at, expires_at, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                h.id(), h.clientId(), h.authority(), h.authorityHoldId(), h.status(), h.sessionId(), h.customerId(), h.outfitId(),
                CanonicalJson.write(StoredHold.itemsJson(h.items())), CanonicalJson.write(h.metadata()), h.durationSeconds(),
                idempotencyKey, ts(h.authorityExpiresAt()), ts(h.expiresAt()), ts(h.createdAt()), ts(h.updatedAt()));
    }

    public Optional<StoredHold> find(String id) {
        return jdbc.query("SELECT * FROM holds WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** The hold, its row locked until the transaction ends (operations on one hold are serialised). */
    public Optional<StoredHold> lock(String id) {
        return jdbc.query("SELECT * FROM holds WHERE id = ? FOR UPDATE", ROW, id).stream().findFirst();
    }

    public Optional<StoredHold> byIdempotencyKey(String key) {
        return jdbc.query("SELECT * FROM holds WHERE idempotency_key = ?", ROW, key).stream().findFirst();
    }

    /** Moves an active hold to {@code status}; false when it was no longer active (someone else ended it first). */
    public boolean end(String id, String status, Instant at) {
        return jdbc.update("UPDATE holds SET status = ?, updated_at = ? WHERE id = ? AND status = ?",
                status, ts(at), id, StoredHold.ACTIVE) == 1;
    }

    /** Active holds whose hub expiry has come, oldest first, locked (other instances skip them). */
    public List<StoredHold> lockDue(Instant now, int limit) {
        return jdbc.query("SELECT * FROM holds WHERE status = ? AND expires_at <= ? ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED",
                ROW, StoredHold.ACTIVE, ts(now), limit);
    }

    /** Active holds of one authority, oldest first, from {@code afterId} on (validation walks them in pages). */
    public List<StoredHold> active(String authority, String afterId, int limit) {
        return jdbc.query("SELECT * FROM holds WHERE status = ? AND authority = ? AND id > ? ORDER BY id LIMIT ?",
                ROW, StoredHold.ACTIVE, authority, afterId, limit);
    }

    public long countActive() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM holds WHERE status = ?", Long.class, StoredHold.ACTIVE);
    }

    public ListPage<ObjectNode> list(String sessionId, String customerId, String status, Paging paging) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (sessionId != null && !sessionId.isBlank()) {
            where.append(" AND session_id = ?");
            args.add(sessionId.trim());
        }
        if (customerId != null && !customerId.isBlank()) {
            where.append(" AND customer_id = ?");
            args.add(customerId.trim());
        }
        if (status != null && !status.isBlank()) {
            where.append(" AND status = ?");
            args.add(status.trim());
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM holds" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<ObjectNode> items = jdbc.query("SELECT * FROM holds" + where + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?",
                ROW, args.toArray()).stream().map(StoredHold::view).toList();
        return new ListPage<>(items, total, paging.limit(), paging.offset());
    }

    public void record(String holdId, String action, String actor, JsonNode detail, Instant at) {
        jdbc.update("INSERT INTO hold_history (hold_id, action, actor, detail, at) VALUES (?, ?, ?, ?, ?)",
                holdId, action, actor, detail == null ? null : CanonicalJson.write(detail), ts(at));
    }

    public List<ObjectNode> history(String holdId) {
        List<ObjectNode> out = new ArrayList<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM hold_history WHERE hold_id = ? ORDER BY id", holdId)) {
            ObjectNode o = CanonicalJson.object();
            o.put("action", (String) r.get("action"));
            o.put("actor", (String) r.get("actor"));
            o.put("at", DbTime.iso(r.get("at")));
            Object d = r.get("detail");
            if (d != null) {
                o.set("detail", CanonicalJson.parse(d.toString()));
            }
            out.add(o);
        }
        return out;
    }

    static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }
}
