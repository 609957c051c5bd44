package io.synchub.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the operational tables bounded (routes/purge-operational-tables.yaml): rows past their retention are deleted
 * in batches ({@link BatchedDelete}), each batch its own short transaction.
 * <ul>
 *   <li>inbox deliveries that are DONE, after {@code synchub.retention.inbox} (7d); FAILED ones stay for replay;</li>
 *   <li>the processed-delivery keys of the dedupe exactly as long: a redelivery inside the retention is still
 *       recognised (the longest platform redelivery window, Shopify's 4 h retries, is far shorter);</li>
 *   <li>outbox jobs that completed or were skipped, after {@code synchub.retention.outbox} (7d); failed ones are dead
 *       letters and stay;</li>
 *   <li>echo ledger pushes older than the echo window ({@code synchub.echo.window}); the latest push per item (the
 *       compare-and-set base of stock pushes) is one row per item and stays;</li>
 *   <li>sync log entries after {@code synchub.retention.sync-log} (90d).</li>
 * </ul>
 * Order events (after {@code synchub.order-events.retention}, 24h) are purged the same way on their own schedule
 * (routes/purge-order-events.yaml).
 * Every instance of a cluster may run it at once (the schedule fires on one): a row is deleted once, whoever gets it.
 * Meters: {@code synchub_retention_purged_rows_total{table}}, {@code synchub_retention_batches_total{table}} and
 * {@code synchub_retention_run_seconds}.
 */
@Component("operationalRetention")
public class OperationalRetention {

    private static final Logger LOG = LoggerFactory.getLogger(OperationalRetention.class);

    static final List<String> TABLES = List.of("inbox", "camel_messageprocessed", "outbox", "echo_pushes", "sync_log",
            "order_events");

    private static final BatchedDelete INBOX = new BatchedDelete("inbox", "status = 'DONE' AND processed_at < ?");
    private static final BatchedDelete OUTBOX = new BatchedDelete("outbox",
            "status IN ('completed', 'skipped') AND completed_at < ?");
    private static final BatchedDelete ECHO_PUSHES = new BatchedDelete("echo_pushes", "pushed_at < ?");
    private static final BatchedDelete SYNC_LOG = new BatchedDelete("sync_log", "created_at < ?");
    private static final BatchedDelete ORDER_EVENTS = new BatchedDelete("order_events", "created_at < ?");

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final Duration inbox;
    private final Duration outbox;
    private final Duration echoWindow;
    private final Duration syncLog;
    private final Duration orderEvents;
    private final int batchSize;
    private final Timer runTimer;

    public OperationalRetention(JdbcTemplate jdbc, MeterRegistry registry,
                                @Value("${synchub.retention.inbox:7d}") Duration inbox,
                                @Value("${synchub.retention.outbox:7d}") Duration outbox,
                                @Value("${synchub.echo.window:15m}") Duration echoWindow,
                                @Value("${synchub.retention.sync-log:90d}") Duration syncLog,
                                @Value("${synchub.order-events.retention:24h}") Duration orderEvents,
                                @Value("${synchub.retention.batch-size:1000}") int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("synchub.retention.batch-size must be at least 1, was " + batchSize);
        }
        this.jdbc = jdbc;
        this.registry = registry;
        this.inbox = inbox;
        this.outbox = outbox;
        this.echoWindow = echoWindow;
        this.syncLog = syncLog;
        this.orderEvents = orderEvents;
        this.batchSize = batchSize;
        for (String table : TABLES) {
            counter(table);
            batches(table);
        }
        this.runTimer = Timer.builder("synchub_retention_run").description("time of one purge of the operational tables")
                .register(registry);
    }

    /** Purges every operational table; returns the rows deleted per table (the scheduled route logs them). */
    public Map<String, Long> purge() {
        return purgeAsOf(Instant.now());
    }

    /** {@link #purge()} as if it were {@code now} (tests move the clock instead of waiting days). */
    public Map<String, Long> purgeAsOf(Instant now) {
        return runTimer.record(() -> {
            Map<String, Long> purged = new LinkedHashMap<>();
            purged.put("inbox", delete(INBOX, now.minus(inbox)));
            purged.put("camel_messageprocessed", deleteProcessedKeys(now.minus(inbox)));
            purged.put("outbox", delete(OUTBOX, now.minus(outbox)));
            purged.put("echo_pushes", delete(ECHO_PUSHES, now.minus(echoWindow)));
            purged.put("sync_log", delete(SYNC_LOG, now.minus(syncLog)));
            long total = purged.values().stream().mapToLong(Long::longValue).sum();
            if (total > 0) {
                LOG.info("retention purged {} row(s): {}", total, purged);
            }
            return purged;
        });
    }

    /** Order events only (routes/purge-order-events.yaml, on its own interval). */
    public long purgeOrderEvents() {
        return purgeOrderEventsAsOf(Instant.now());
    }

    public long purgeOrderEventsAsOf(Instant now) {
        return delete(ORDER_EVENTS, now.minus(orderEvents));
    }

    public int batchSize() {
        return batchSize;
    }

    private long delete(BatchedDelete delete, Instant cutoff) {
        Counter rows = counter(delete.table());
        Counter batches = batches(delete.table());
        return delete.run(jdbc, batchSize, n -> {
            rows.increment(n);
            batches.increment();
        }, Timestamp.from(cutoff));
    }

    /**
     * The dedupe's processed keys have no id: batches go by creation time (the oldest {@code batchSize} keys' latest
     * time bounds each delete; keys sharing that instant go in the same batch).
     */
    private long deleteProcessedKeys(Instant cutoff) {
        Counter counter = counter("camel_messageprocessed");
        Timestamp before = Timestamp.from(cutoff);
        long total = 0;
        while (true) {
            List<Timestamp> times = jdbc.queryForList("SELECT createdat FROM camel_messageprocessed WHERE createdat < ? "
                    + "ORDER BY createdat LIMIT ?", Timestamp.class, before, batchSize);
            if (times.isEmpty()) {
                return total;
            }
            int deleted = jdbc.update("DELETE FROM camel_messageprocessed WHERE createdat < ? AND createdat <= ?", before,
                    times.get(times.size() - 1));
            counter.increment(deleted);
            batches("camel_messageprocessed").increment();
            total += deleted;
            if (times.size() < batchSize) {
                return total;
            }
        }
    }

    private Counter batches(String table) {
        return Counter.builder("synchub_retention_batches")
                .description("delete statements of the retention purge (each one short transaction)").tag("table", table)
                .register(registry);
    }

    private Counter counter(String table) {
        return Counter.builder("synchub_retention_purged_rows")
                .description("rows of the operational tables deleted after their retention").tag("table", table)
                .register(registry);
    }
}
