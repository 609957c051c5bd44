package io.synchub.outbox;

import io.synchub.api.ApiException;
import io.synchub.api.ListPage;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/dead-letters} and {@code POST /api/v1/dead-letters/{id}/replay}. */
@Component("deadLetterApi")
public class DeadLetterApi {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    public DeadLetterApi(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** Lists dead letters, newest first; {@code status} filters (OPEN, REPLAYED, CLEARED), {@code target} too. */
    public String list(@Header("status") String status, @Header("target") String target, @Header("limit") String limit,
                       @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            where.append(" AND status = ?");
            args.add(status.trim().toUpperCase());
        }
        if (target != null && !target.isBlank()) {
            where.append(" AND target = ?");
            args.add(target.trim().toUpperCase());
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<Map<String, Object>> items = new ArrayList<>();
        for (Map<String, Object> row : jdbc.queryForList("SELECT * FROM dead_letters" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                args.toArray())) {
            items.add(view(row));
        }
        return CanonicalJson.write(new ListPage<>(items, total, paging.limit(), paging.offset()));
    }

    /** Puts the dead-lettered job back in the queue with fresh attempts; it pushes the entity's latest state. */
    @Transactional
    public String replay(@Header("id") String idText) {
        long id = Paging.id("id", idText);
        List<Map<String, Object>> found = jdbc.queryForList("SELECT entity_type, entity_id FROM dead_letters WHERE id = ?", id);
        if (found.isEmpty()) {
            throw ApiException.notFound("dead letter " + id);
        }
        if (Outbox.ENTITY_PRODUCT.equals(found.get(0).get("entity_type"))) {
            // same lock order as the outbox: the product first
            jdbc.queryForList("SELECT id FROM products WHERE id = ? FOR UPDATE", Long.class,
                    Long.parseLong(String.valueOf(found.get(0).get("entity_id"))));
        }
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM dead_letters WHERE id = ? FOR UPDATE", id);
        if (!"OPEN".equals(row.get("status"))) {
            throw ApiException.conflict("dead letter " + id + " is " + row.get("status") + ", not OPEN; only open dead letters can be replayed");
        }
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ?, completed_at = NULL, "
                + "error_class = NULL WHERE id = ?", now, now, ((Number) row.get("outbox_id")).longValue());
        jdbc.update("UPDATE dead_letters SET status = 'REPLAYED', resolved_at = ? WHERE id = ?", now, id);
        if (Outbox.ENTITY_PRODUCT.equals(row.get("entity_type"))) {
            outbox.refreshProductStatus(String.valueOf(row.get("entity_id")));
        }
        Map<String, Object> out = view(jdbc.queryForMap("SELECT * FROM dead_letters WHERE id = ?", id));
        out.put("jobId", row.get("outbox_id"));
        return CanonicalJson.write(out);
    }

    static Map<String, Object> view(Map<String, Object> row) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", row.get("id"));
        v.put("jobId", row.get("outbox_id"));
        v.put("entityType", row.get("entity_type"));
        v.put("entityId", row.get("entity_id"));
        v.put("clientId", row.get("client_id"));
        v.put("target", row.get("target"));
        v.put("operation", row.get("operation"));
        v.put("errorClass", row.get("error_class"));
        v.put("reason", row.get("reason"));
        v.put("attempts", row.get("attempts"));
        v.put("status", row.get("status"));
        v.put("createdAt", DbTime.iso(row.get("created_at")));
        v.put("resolvedAt", DbTime.iso(row.get("resolved_at")));
        return v;
    }
}
