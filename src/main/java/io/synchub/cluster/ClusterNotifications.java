package io.synchub.cluster;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.util.List;
import java.util.NavigableSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The sending half of cross-instance notifications (DESIGN §8). On PostgreSQL every transaction that commits change-log
 * entries or order events also sends a {@code NOTIFY} whose payload is small: this instance's id and the last sequence
 * (PostgreSQL delivers it at commit, never for a rolled-back transaction). Every instance's {@link ClusterListener}
 * then reads what it needs from the tables. On H2 (one instance) nothing is sent: the in-process events are the path.
 */
@Component
public class ClusterNotifications {

    private final String changesChannel;
    private final String orderEventsChannel;

    private final JdbcTemplate jdbc;
    private final boolean postgres;
    private final String instanceId = UUID.randomUUID().toString();
    /** Change-log sequences written by this instance, which it already published in-process. */
    private final NavigableSet<Long> ownSequences = new ConcurrentSkipListSet<>();

    public ClusterNotifications(JdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.postgres = isPostgres(dataSource);
        // channels are per database, not per schema: hubs on other schemas of the same database are other clusters
        String schema = postgres ? jdbc.queryForObject("SELECT current_schema()", String.class) : "";
        String suffix = schema == null ? "" : schema.toLowerCase().replaceAll("[^a-z0-9_]", "_");
        this.changesChannel = channel("synchub_changes_" + suffix);
        this.orderEventsChannel = channel("synchub_order_events_" + suffix);
    }

    String changesChannel() {
        return changesChannel;
    }

    String orderEventsChannel() {
        return orderEventsChannel;
    }

    public boolean enabled() {
        return postgres;
    }

    String instanceId() {
        return instanceId;
    }

    /** Inside the transaction that wrote these change-log sequences (ChangeLog, just before its commit). */
    public void changesSequenced(List<Long> sequences) {
        if (!postgres || sequences.isEmpty()) {
            return;
        }
        ownSequences.addAll(sequences);
        notify(changesChannel, sequences.get(sequences.size() - 1));
    }

    /** Inside the transaction that appended order events up to {@code lastId}. */
    public void orderEventsAppended(long lastId) {
        if (postgres) {
            notify(orderEventsChannel, lastId);
        }
    }

    /** True once for a sequence this instance wrote (it was published in-process already); forgets older ones. */
    boolean ownSequence(long seq) {
        ownSequences.headSet(seq).clear();
        return ownSequences.remove(seq);
    }

    private void notify(String channel, long seq) {
        jdbc.query("SELECT pg_notify(?, ?)", rs -> null, channel, instanceId + ":" + seq);
    }

    private static String channel(String name) {
        return name.length() <= 63 ? name : name.substring(0, 63); // PostgreSQL's identifier length
    }

    static boolean isPostgres(DataSource dataSource) {
        try {
            String product = JdbcUtils.extractDatabaseMetaData(dataSource, md -> md.getDatabaseProductName());
            return product != null && product.toLowerCase().contains("postgres");
        } catch (Exception e) {
            throw new IllegalStateException("cannot tell which database the hub is on", e);
        }
    }
}
