package io.synchub.synclog;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The per-product audit trail: what was applied, dropped, skipped or disputed, by whom, with old and new values.
 *
 * Inside a transaction the entries are kept in memory and written in one JDBC batch just before it commits: the inbox
 * drain applies a batch of deliveries in one transaction, and one insert statement per entry was a large part of
 * its cost per delivery. The entries keep their order; a rollback drops them with everything else.
 */
@Component("syncLog")
public class SyncLog {

    private static final String BUFFER = SyncLog.class.getName() + ".buffer";
    private static final String INSERT = "INSERT INTO sync_log (product_id, action, origin, changed_fields, old_values, "
            + "new_values, message, inbox_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final JdbcTemplate jdbc;

    public SyncLog(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(Long productId, String action, String origin, String changedFields, String oldValues,
                       String newValues, String message, Long inboxId) {
        Object[] row = {productId, action, origin, truncate(changedFields, 4000), oldValues, newValues, truncate(message, 2000),
                inboxId, Timestamp.from(Instant.now())};
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            jdbc.update(INSERT, row);
            return;
        }
        Flush flush = (Flush) TransactionSynchronizationManager.getResource(BUFFER);
        if (flush == null) {
            flush = new Flush();
            TransactionSynchronizationManager.bindResource(BUFFER, flush);
            TransactionSynchronizationManager.registerSynchronization(flush);
        }
        flush.rows.add(row);
    }

    /** Writes the entries recorded so far in this transaction (for a reader inside the same transaction). */
    public void flush() {
        Flush flush = (Flush) TransactionSynchronizationManager.getResource(BUFFER);
        if (flush != null) {
            flush.write();
        }
    }

    private final class Flush implements TransactionSynchronization {
        private final List<Object[]> rows = new ArrayList<>();

        void write() {
            if (!rows.isEmpty()) {
                jdbc.batchUpdate(INSERT, rows);
                rows.clear();
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            write();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(BUFFER);
        }
    }

    public List<Map<String, Object>> forProduct(long productId, int limit, int offset) {
        flush();
        return jdbc.queryForList("SELECT id, action, origin, changed_fields, old_values, new_values, message, inbox_id, "
                + "created_at FROM sync_log WHERE product_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", productId, limit, offset);
    }

    public long countForProduct(long productId) {
        flush();
        return jdbc.queryForObject("SELECT COUNT(*) FROM sync_log WHERE product_id = ?", Long.class, productId);
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
