package io.synchub.runs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The run log in Prometheus, tagged {@code platform} (the run's source): runs ended by status
 * ({@code synchub_sync_runs_total}), records by outcome ({@code synchub_sync_run_records_total}: fetched, created, updated,
 * unchanged, failed), requests and 429s, errors by class, runs in progress and the last success. Counted in memory as
 * runs end, so a scrape reads no table; every source registers its series at start, so they exist before its first run.
 */
@Component
public class SyncRunMetrics {

    private static final List<String> STATUSES = List.of(SyncRuns.SUCCEEDED, SyncRuns.FAILED, SyncRuns.INTERRUPTED);
    private static final List<String> OUTCOMES = List.of("fetched", "created", "updated", "unchanged", "failed");

    private record Series(Map<String, Counter> runs, Map<String, Counter> records, Counter requests, Counter rateLimited,
                          Map<RunCounters.ErrorClass, Counter> errors, AtomicInteger running, AtomicLong lastSuccessMillis) {
    }

    private final MeterRegistry registry;
    private final JdbcTemplate jdbc;
    private final Map<String, Series> series = new ConcurrentHashMap<>();

    public SyncRunMetrics(MeterRegistry registry, JdbcTemplate jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /** Registers the series of one source (idempotent); its last success is read once from the run log. */
    public void register(String platform) {
        series.computeIfAbsent(platform, this::create);
    }

    private Series create(String platform) {
        Map<String, Counter> runs = new ConcurrentHashMap<>();
        STATUSES.forEach(s -> runs.put(s, Counter.builder("synchub_sync_runs").description("sync runs ended, by status")
                .tags("platform", platform, "status", s).register(registry)));
        Map<String, Counter> records = new ConcurrentHashMap<>();
        OUTCOMES.forEach(o -> records.put(o, Counter.builder("synchub_sync_run_records").description("records of sync runs, by outcome")
                .tags("platform", platform, "outcome", o).register(registry)));
        Map<RunCounters.ErrorClass, Counter> errors = new ConcurrentHashMap<>();
        for (RunCounters.ErrorClass c : RunCounters.ErrorClass.values()) {
            errors.put(c, Counter.builder("synchub_sync_run_errors").description("errors of sync runs, by class")
                    .tags("platform", platform, "class", c.name()).register(registry));
        }
        Counter requests = Counter.builder("synchub_sync_run_requests").description("requests sync runs made to the platform")
                .tag("platform", platform).register(registry);
        Counter rateLimited = Counter.builder("synchub_sync_run_rate_limited").description("requests of sync runs answered 429")
                .tag("platform", platform).register(registry);
        AtomicInteger running = new AtomicInteger();
        Gauge.builder("synchub_sync_runs_running", running, AtomicInteger::get).description("sync runs in progress")
                .tag("platform", platform).register(registry);
        AtomicLong last = new AtomicLong(lastSuccessInLog(platform));
        Gauge.builder("synchub_sync_run_last_success_timestamp_seconds", last, a -> a.get() == 0 ? Double.NaN : a.get() / 1000.0)
                .description("when the newest successful sync run ended (NaN before the first)").tag("platform", platform)
                .register(registry);
        return new Series(runs, records, requests, rateLimited, errors, running, last);
    }

    private long lastSuccessInLog(String platform) {
        try {
            Timestamp t = jdbc.query("SELECT MAX(finished_at) FROM sync_runs WHERE source = ? AND status = ?",
                    rs -> rs.next() ? rs.getTimestamp(1) : null, platform, SyncRuns.SUCCEEDED);
            return t == null ? 0 : t.getTime();
        } catch (RuntimeException e) {
            return 0; // the table is not there yet (a start before migrations): the first success sets it
        }
    }

    void started(String platform) {
        register(platform);
        series.get(platform).running().incrementAndGet();
    }

    void ended(String platform, String status, RunCounters c) {
        register(platform);
        Series s = series.get(platform);
        s.running().updateAndGet(n -> Math.max(0, n - 1));
        Counter runs = s.runs().get(status);
        if (runs != null) {
            runs.increment();
        }
        s.records().get("fetched").increment(c.fetched.get());
        s.records().get("created").increment(c.created.get());
        s.records().get("updated").increment(c.updated.get());
        s.records().get("unchanged").increment(c.unchanged.get());
        s.records().get("failed").increment(c.failed.get());
        s.requests().increment(c.requests.get());
        s.rateLimited().increment(c.rateLimited.get());
        for (RunCounters.ErrorClass e : RunCounters.ErrorClass.values()) {
            s.errors().get(e).increment(c.errors(e));
        }
        if (SyncRuns.SUCCEEDED.equals(status)) {
            s.lastSuccessMillis().set(System.currentTimeMillis());
        }
    }
}
