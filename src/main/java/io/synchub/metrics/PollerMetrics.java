package io.synchub.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per poller (a row of {@code poll_cursors}: the JTL feeds, the reconciliations):
 * {@code synchub_poller_last_success_timestamp_seconds{poller}}, when its cursor last moved after a successful poll,
 * and {@code synchub_poller_lag_seconds{poller}}, how far behind now the data it has read reaches (its cursor, when
 * that is a time; else the time since the last success). The table has one row per poller; it is read at most once
 * per refresh interval, and a poller seen for the first time gets its gauges then.
 */
@Component
class PollerMetrics {

    record Cursor(Instant lastSuccess, Instant position) {
    }

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Cursor> cursors = new ConcurrentHashMap<>();
    private final CachedReading<Map<String, Cursor>> reading;

    PollerMetrics(MeterRegistry registry, JdbcTemplate jdbc, @Value("${synchub.metrics.refresh:5s}") Duration refresh) {
        this.registry = registry;
        this.reading = new CachedReading<>(() -> read(jdbc), refresh, clock);
        Gauge.builder("synchub_pollers", this, m -> m.refresh().size()).description("pollers with a cursor")
                .strongReference(true).register(registry);
        refresh();
    }

    private Map<String, Cursor> refresh() {
        Map<String, Cursor> now = reading.get();
        now.forEach((name, cursor) -> {
            if (cursors.put(name, cursor) == null) {
                register(name);
            }
        });
        return now;
    }

    private Map<String, Cursor> read(JdbcTemplate jdbc) {
        Map<String, Cursor> out = new ConcurrentHashMap<>();
        jdbc.query("SELECT name, cursor_value, updated_at FROM poll_cursors", rs -> {
            Timestamp updated = rs.getTimestamp(3);
            out.put(rs.getString(1), new Cursor(updated.toInstant(), parse(rs.getString(2))));
        });
        return out;
    }

    private void register(String poller) {
        Gauge.builder("synchub_poller_last_success_timestamp_seconds", this,
                        m -> m.cursorOf(poller).lastSuccess().toEpochMilli() / 1000.0)
                .description("when the poller last completed a poll (its cursor moved)").tag("poller", poller)
                .strongReference(true).register(registry);
        Gauge.builder("synchub_poller_lag_seconds", this, m -> {
                    Cursor c = m.cursorOf(poller);
                    Instant reached = c.position() != null ? c.position() : c.lastSuccess();
                    return Math.max(0, Duration.between(reached, clock.instant()).toMillis() / 1000.0);
                })
                .description("how far behind now the poller's data reaches").tag("poller", poller)
                .strongReference(true).register(registry);
    }

    private Cursor cursorOf(String poller) {
        refresh();
        return cursors.get(poller);
    }

    private static Instant parse(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
