package io.synchub.changelog;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Appends committed changes to {@code change_log} with a sequence that follows commit order.
 *
 * Identity columns hand out numbers in allocation order, not commit order, so a reader could see seq 10 before
 * seq 9 commits and skip 9 forever. Taking the sequence from a counter row locks it until commit: writers
 * serialise only on this last, short step, and a cursor never skips a change.
 */
@Component
public class ChangeLog {

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    public ChangeLog(JdbcTemplate jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Must run inside the transaction of the change itself. Returns the change's sequence. */
    public long append(String entityType, String entityId, String storeId, String changeType, String origin) {
        return appendAll(List.of(new Change(entityType, entityId, storeId, changeType, origin))).get(0).seq();
    }

    public List<ChangeCommitted> appendAll(List<Change> changes) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("ChangeLog.append must run inside the transaction of the change");
        }
        if (changes.isEmpty()) {
            return List.of();
        }
        jdbc.update("UPDATE change_log_counter SET last_seq = last_seq + ? WHERE id = 1", changes.size());
        long last = jdbc.queryForObject("SELECT last_seq FROM change_log_counter WHERE id = 1", Long.class);
        long seq = last - changes.size();
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        List<ChangeCommitted> committed = new java.util.ArrayList<>(changes.size());
        List<Object[]> rows = new java.util.ArrayList<>(changes.size());
        for (Change c : changes) {
            seq++;
            rows.add(new Object[]{seq, c.entityType(), c.entityId(), c.storeId(), c.changeType(), c.origin(), ts});
            committed.add(new ChangeCommitted(seq, c.entityType(), c.entityId(), c.storeId(), c.changeType(), c.origin(), now));
        }
        jdbc.batchUpdate("INSERT INTO change_log (seq, entity_type, entity_id, store_id, change_type, origin, changed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.forEach(events::publishEvent);
            }
        });
        return committed;
    }

    public long lastSequence() {
        return jdbc.queryForObject("SELECT last_seq FROM change_log_counter WHERE id = 1", Long.class);
    }

    /** A change to record. {@code storeId} is null for global entities. */
    public record Change(String entityType, String entityId, String storeId, String changeType, String origin) {
    }
}
