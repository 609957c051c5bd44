package io.synchub.synclog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The per-product audit trail: what was applied, dropped, skipped or disputed, by whom, with old and new values. */
@Component("syncLog")
public class SyncLog {

    private final JdbcTemplate jdbc;

    public SyncLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Long productId, String action, String origin, String changedFields, String oldValues,
                       String newValues, String message, Long inboxId) {
        jdbc.update("INSERT INTO sync_log (product_id, action, origin, changed_fields, old_values, new_values, message, "
                        + "inbox_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                productId, action, origin, truncate(changedFields, 4000), oldValues, newValues, truncate(message, 2000),
                inboxId, Timestamp.from(Instant.now()));
    }

    public List<Map<String, Object>> forProduct(long productId, int limit, int offset) {
        return jdbc.queryForList("SELECT id, action, origin, changed_fields, old_values, new_values, message, inbox_id, "
                + "created_at FROM sync_log WHERE product_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", productId, limit, offset);
    }

    public long countForProduct(long productId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM sync_log WHERE product_id = ?", Long.class, productId);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
