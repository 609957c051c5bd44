package io.synchub.sync;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The hub's log at INFO says what it did once a minute, in one line, instead of a line per item (those are DEBUG):
 * deliveries processed, what the store did with them (sync_log actions), pushes, new dead letters, new orders, and
 * what is still waiting (pushes retrying after a failure among them; each failure itself is a DEBUG line, each dead
 * letter an ERROR line). Counted from the tables, so it is true for every instance sharing the database. Quiet minutes
 * (nothing done, nothing waiting) log nothing. {@code synchub.activity-summary.interval} (0 turns it off).
 * <p>
 * The inbox and outbox keep their whole retention period and their time columns are not indexed (an index on
 * {@code processed_at} or {@code completed_at} would cost every drained delivery and every push a write). So the
 * window's counts read only rows from the lowest id that was still waiting at the previous summary on: what is
 * processed or completed later was waiting then, or arrived since, and has an id at or above it. A delivery or job
 * replayed from below that id and finished before the next summary is not counted (this is a log line, not a ledger).
 */
@Component
public class ActivitySummary implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ActivitySummary.class);

    private final JdbcTemplate jdbc;
    private final Duration interval;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "activity-summary");
        t.setDaemon(true);
        return t;
    });
    private Instant since = Instant.now();
    private long inboxFloor;
    private long outboxFloor;

    public ActivitySummary(JdbcTemplate jdbc, @Value("${synchub.activity-summary.interval:1m}") String interval) {
        this.jdbc = jdbc;
        this.interval = DurationStyle.detectAndParse(interval);
    }

    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        if (!interval.isZero() && !interval.isNegative()) {
            since = Instant.now();
            timer.scheduleAtFixedRate(this::logOnce, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    void logOnce() {
        try {
            Instant now = Instant.now();
            String line = summary(since, now);
            since = now;
            if (line != null) {
                LOG.info(line);
            }
        } catch (RuntimeException e) {
            LOG.debug("activity summary not available: {}", e.getMessage());
        }
    }

    /** The one line for [from, to), or null when nothing happened and nothing waits. */
    public synchronized String summary(Instant from, Instant to) {
        Timestamp f = Timestamp.from(from);
        Timestamp t = Timestamp.from(to);
        long deliveries = count("SELECT COUNT(*) FROM inbox WHERE id >= ? AND processed_at >= ? AND processed_at < ?", inboxFloor, f, t);
        Map<String, Long> actions = new LinkedHashMap<>();
        jdbc.query("SELECT action, COUNT(*) FROM sync_log WHERE created_at >= ? AND created_at < ? GROUP BY action ORDER BY action",
                rs -> {
                    actions.put(rs.getString(1), rs.getLong(2));
                }, f, t);
        long pushed = count("SELECT COUNT(*) FROM outbox WHERE id >= ? AND completed_at >= ? AND completed_at < ?", outboxFloor, f, t);
        long deadLetters = count("SELECT COUNT(*) FROM dead_letters WHERE created_at >= ? AND created_at < ?", f, t);
        long orders = count("SELECT COUNT(*) FROM orders WHERE created_at >= ? AND created_at < ?", f, t);
        long inboxWaiting = count("SELECT COUNT(*) FROM inbox WHERE status = 'PENDING'");
        inboxFloor = firstWaiting("SELECT MAX(id) FROM inbox",
                "SELECT id FROM inbox WHERE status = 'PENDING' ORDER BY status, id FETCH FIRST 1 ROWS ONLY");
        outboxFloor = firstWaiting("SELECT MAX(id) FROM outbox",
                "SELECT id FROM outbox WHERE id >= ? AND status IN ('pending', 'processing') ORDER BY id FETCH FIRST 1 ROWS ONLY", outboxFloor);
        long outboxWaiting = count("SELECT COUNT(*) FROM outbox WHERE id >= ? AND status IN ('pending', 'processing')", outboxFloor);
        long retrying = count("SELECT COUNT(*) FROM outbox WHERE id >= ? AND status = 'pending' AND last_error IS NOT NULL", outboxFloor);
        long openDeadLetters = count("SELECT COUNT(*) FROM dead_letters WHERE status = 'OPEN'");
        if (deliveries + pushed + deadLetters + orders + inboxWaiting + outboxWaiting == 0 && actions.isEmpty()) {
            return null;
        }
        StringJoiner did = new StringJoiner(", ");
        actions.forEach((action, n) -> did.add(n + " " + action));
        return "activity in the last " + Readable.duration(Duration.between(from, to)) + ": " + deliveries + " deliveries processed"
                + (actions.isEmpty() ? "" : " (" + did + ")") + ", " + pushed + " pushes, " + orders + " new orders, "
                + deadLetters + " new dead letters; waiting: " + inboxWaiting + " in the inbox, " + outboxWaiting
                + " in the outbox (" + retrying + " after a failure), " + openDeadLetters + " open dead letters";
    }

    /** The id of the first row the query finds still waiting, else the id after the table's last row. */
    private long firstWaiting(String lastId, String firstWaitingId, Object... args) {
        List<Long> waiting = jdbc.queryForList(firstWaitingId, Long.class, args);
        if (!waiting.isEmpty()) {
            return waiting.get(0);
        }
        Long last = jdbc.queryForObject(lastId, Long.class);
        return last == null ? 0 : last + 1;
    }

    private long count(String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
