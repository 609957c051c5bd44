package io.synchub.pos;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tombstones are kept for {@code synchub.pos.tombstone-retention}; after that they are purged and every cursor from
 * before that moment becomes stale (the client could have missed a delete): the horizon. A cursor below the horizon,
 * or a timestamp before it, answers 410 {@code full_resync_required}.
 */
@Component("posTombstoneRetention")
public class TombstoneRetention {

    private static final Logger LOG = LoggerFactory.getLogger(TombstoneRetention.class);

    private final JdbcTemplate jdbc;
    private final Duration retention;

    public TombstoneRetention(JdbcTemplate jdbc, @Value("${synchub.pos.tombstone-retention:30d}") Duration retention) {
        this.jdbc = jdbc;
        this.retention = retention;
    }

    public record Horizon(long seq, Instant at) {
        static final Horizon NONE = new Horizon(0, null);
    }

    public Horizon horizon() {
        List<Horizon> rows = jdbc.query("SELECT horizon_seq, horizon_at FROM pos_sync_horizon WHERE id = 1",
                (rs, i) -> new Horizon(rs.getLong(1), rs.getTimestamp(2).toInstant()));
        return rows.isEmpty() ? Horizon.NONE : rows.get(0);
    }

    /** The scheduled sweep (routes/purge-pos-tombstones.yaml). */
    public int purge() {
        return purgeAsOf(Instant.now());
    }

    /** Purges the tombstones of every change older than the retention, seen from {@code now}. */
    @Transactional
    public int purgeAsOf(Instant now) {
        Instant cutoff = now.minus(retention);
        Long upTo = jdbc.queryForObject("SELECT MAX(seq) FROM change_log WHERE changed_at < ?", Long.class,
                Timestamp.from(cutoff));
        Horizon current = horizon();
        if (upTo == null || upTo <= current.seq()) {
            return 0;
        }
        int purged = jdbc.update("DELETE FROM pos_entities WHERE deleted = TRUE AND seq <= ?", upTo);
        if (jdbc.update("UPDATE pos_sync_horizon SET horizon_seq = ?, horizon_at = ? WHERE id = 1 AND horizon_seq < ?",
                upTo, Timestamp.from(cutoff), upTo) == 0) {
            jdbc.update("INSERT INTO pos_sync_horizon (id, horizon_seq, horizon_at) VALUES (1, ?, ?) ON CONFLICT DO NOTHING",
                    upTo, Timestamp.from(cutoff));
        }
        LOG.info("POS tombstone retention {}: purged {} tombstone(s); cursors below {} now need a full resync",
                retention, purged, upTo);
        return purged;
    }
}
