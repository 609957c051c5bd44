package io.synchub.changelog;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Appends committed changes to {@code change_log} with a sequence that follows commit order.
 *
 * Identity columns hand out numbers in allocation order, not commit order, so a reader could see seq 10 before
 * seq 9 commits and skip 9 forever. The sequence is therefore taken from a counter row whose lock is held until
 * commit. To keep that serial section short, the changes of a transaction are buffered and written in one batch
 * just before it commits (a {@code beforeCommit} hook): concurrent writers overlap in all their work and queue
 * only for that last step. After the commit each change is published as a {@link ChangeCommitted} event; other hub
 * instances on the same PostgreSQL publish it too (io.synchub.cluster).
 */
@Component
public class ChangeLog {

    private static final String BUFFER = ChangeLog.class.getName() + ".buffer";

    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final io.synchub.cluster.ClusterNotifications cluster;

    public ChangeLog(JdbcTemplate jdbc, ApplicationEventPublisher events, io.synchub.cluster.ClusterNotifications cluster) {
        this.jdbc = jdbc;
        this.events = events;
        this.cluster = cluster;
    }

    /** Records a change of the current transaction; it gets its sequence when the transaction commits. */
    public void append(String entityType, String entityId, String storeId, String changeType, String origin) {
        appendAll(List.of(new Change(entityType, entityId, storeId, changeType, origin)));
    }

    public void appendAll(List<Change> changes) {
        appendAll(changes, null);
    }

    /**
     * Records changes of the current transaction; {@code onSequenced} receives their sequences (in the same order)
     * just before the commit, still inside the transaction, for rows that keep their own copy of the sequence.
     */
    public void appendAll(List<Change> changes, Consumer<List<Long>> onSequenced) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("ChangeLog.append must run inside the transaction of the change");
        }
        if (changes.isEmpty()) {
            return;
        }
        Flush flush = (Flush) TransactionSynchronizationManager.getResource(BUFFER);
        if (flush == null) {
            flush = new Flush();
            TransactionSynchronizationManager.bindResource(BUFFER, flush);
            TransactionSynchronizationManager.registerSynchronization(flush);
        }
        flush.add(changes, onSequenced);
    }

    public long lastSequence() {
        return jdbc.queryForObject("SELECT last_seq FROM change_log_counter WHERE id = 1", Long.class);
    }

    private List<ChangeCommitted> write(List<Change> changes) {
        jdbc.update("UPDATE change_log_counter SET last_seq = last_seq + ? WHERE id = 1", changes.size());
        long seq = jdbc.queryForObject("SELECT last_seq FROM change_log_counter WHERE id = 1", Long.class) - changes.size();
        Instant now = Instant.now();
        Timestamp ts = Timestamp.from(now);
        List<ChangeCommitted> committed = new ArrayList<>(changes.size());
        List<Object[]> rows = new ArrayList<>(changes.size());
        for (Change c : changes) {
            seq++;
            rows.add(new Object[]{seq, c.entityType(), c.entityId(), c.storeId(), c.changeType(), c.origin(), ts});
            committed.add(new ChangeCommitted(seq, c.entityType(), c.entityId(), c.storeId(), c.changeType(), c.origin(), now));
        }
        jdbc.batchUpdate("INSERT INTO change_log (seq, entity_type, entity_id, store_id, change_type, origin, changed_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        return committed;
    }

    private final class Flush implements TransactionSynchronization {
        private final List<Change> buffer = new ArrayList<>();
        private final List<Slice> slices = new ArrayList<>();
        private List<ChangeCommitted> committed = List.of();

        void add(List<Change> changes, Consumer<List<Long>> onSequenced) {
            if (onSequenced != null) {
                slices.add(new Slice(buffer.size(), changes.size(), onSequenced));
            }
            buffer.addAll(changes);
        }

        @Override
        public int getOrder() {
            return LOWEST_PRECEDENCE; // after every other beforeCommit work, as close to the commit as possible
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            if (!buffer.isEmpty()) {
                committed = write(buffer);
                // other hub instances hear of it at commit (PostgreSQL NOTIFY; nothing on H2)
                cluster.changesSequenced(committed.stream().map(ChangeCommitted::seq).toList());
                for (Slice slice : slices) {
                    slice.onSequenced().accept(committed.subList(slice.from(), slice.from() + slice.size()).stream()
                            .map(ChangeCommitted::seq).toList());
                }
            }
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(BUFFER);
            if (status == STATUS_COMMITTED) {
                committed.forEach(events::publishEvent);
            }
        }
    }

    private record Slice(int from, int size, Consumer<List<Long>> onSequenced) {
    }

    /** A change to record. {@code storeId} is null for global entities. */
    public record Change(String entityType, String entityId, String storeId, String changeType, String origin) {
    }
}
