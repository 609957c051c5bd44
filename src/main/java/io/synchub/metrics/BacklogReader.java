package io.synchub.metrics;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a {@link BacklogSnapshot} with queries that touch only the open part of each table through its status index
 * (inbox PENDING/FAILED, outbox pending/processing, OPEN dead letters, CONFLICT conflicts): the completed history,
 * which grows without bound, is never counted.
 */
@Component
class BacklogReader {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    BacklogReader(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    BacklogSnapshot read() {
        Instant now = clock.instant();
        Map<String, Long> inbox = new HashMap<>();
        for (String status : new String[] {"PENDING", "FAILED"}) {
            inbox.put(status, jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = ?", Long.class, status));
        }
        Timestamp oldestInbox = jdbc.queryForObject("SELECT MIN(received_at) FROM inbox WHERE status = 'PENDING'", Timestamp.class);

        Map<String, Map<String, Long>> outbox = new HashMap<>();
        jdbc.query("SELECT target, status, COUNT(*) FROM outbox WHERE status IN ('pending', 'processing') GROUP BY target, status",
                rs -> {
                    outbox.computeIfAbsent(rs.getString(1), t -> new HashMap<>()).put(rs.getString(2), rs.getLong(3));
                });
        Map<String, Double> outboxAge = new HashMap<>();
        jdbc.query("SELECT target, MIN(created_at) FROM outbox WHERE status IN ('pending', 'processing') GROUP BY target", rs -> {
            outboxAge.put(rs.getString(1), ageSeconds(rs.getTimestamp(2), now));
        });
        Map<String, Long> deadLetters = new HashMap<>();
        jdbc.query("SELECT target, COUNT(*) FROM dead_letters WHERE status = 'OPEN' GROUP BY target", rs -> {
            deadLetters.put(rs.getString(1), rs.getLong(2));
        });
        Long conflicts = jdbc.queryForObject("SELECT COUNT(*) FROM conflicts WHERE status = 'CONFLICT'", Long.class);
        return new BacklogSnapshot(inbox, ageSeconds(oldestInbox, now), outbox, outboxAge, deadLetters,
                conflicts == null ? 0 : conflicts);
    }

    private static double ageSeconds(Timestamp since, Instant now) {
        return since == null ? 0.0 : Math.max(0, Duration.between(since.toInstant(), now).toMillis() / 1000.0);
    }
}
