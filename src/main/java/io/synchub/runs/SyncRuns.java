package io.synchub.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The run log of pulls from source platforms (table {@code sync_runs}) and each source's committed cursor
 * ({@code sync_cursors}): one run per source at a time (a lock row per source), runs survive restarts, and a run
 * still marked running when the hub starts was interrupted by a crash.
 */
@Component("syncRuns")
public class SyncRuns {

    public static final String RUNNING = "running", SUCCEEDED = "succeeded", FAILED = "failed", INTERRUPTED = "interrupted";

    private final JdbcTemplate jdbc;
    private final SyncRunMetrics metrics;

    public SyncRuns(JdbcTemplate jdbc, SyncRunMetrics metrics) {
        this.jdbc = jdbc;
        this.metrics = metrics;
    }

    /** Makes a source's run metrics exist before its first run (a dashboard shows zeros rather than nothing). */
    public void registerSource(String source) {
        metrics.register(source);
    }

    /** A run left "running" by a process that is gone was interrupted; its source may run again. */
    @EventListener(ApplicationReadyEvent.class)
    public void markInterrupted() {
        jdbc.update("UPDATE sync_runs SET status = ?, finished_at = ?, message = ? WHERE status = ?", INTERRUPTED,
                Timestamp.from(Instant.now()), "the hub stopped while this run was in progress; the next run resumes from the committed cursor", RUNNING);
        jdbc.update("DELETE FROM sync_run_locks");
    }

    /** Starts a run, or refuses with 409 naming the run of this source that is still running. */
    @Transactional
    public long start(String source, String strategy, String reason, JsonNode scope) {
        Optional<Long> already = runningId(source);
        if (already.isPresent()) {
            throw running(source, already.get());
        }
        long id = insertRunning(source, strategy, reason, scope);
        try {
            jdbc.update("INSERT INTO sync_run_locks (source, run_id) VALUES (?, ?)", source, id);
        } catch (DuplicateKeyException e) {
            throw running(source, null);
        }
        metrics.started(source);
        return id;
    }

    /**
     * Logs a run that a source's own schedule starts and serialises (e.g. one timer per kind of the admin panel): no
     * lock row, so kinds of one source may overlap; ended by {@link #finish}.
     */
    public long record(String source, String strategy, String reason, JsonNode scope) {
        long id = insertRunning(source, strategy, reason, scope);
        metrics.started(source);
        return id;
    }

    /** The run's row, status RUNNING from now; its generated id. */
    private long insertRunning(String source, String strategy, String reason, JsonNode scope) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO sync_runs (source, strategy, reason, scope, status, started_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
            ps.setString(1, source);
            ps.setString(2, strategy);
            ps.setString(3, reason);
            ps.setString(4, scope == null ? null : CanonicalJson.write(scope));
            ps.setString(5, RUNNING);
            ps.setTimestamp(6, Timestamp.from(Instant.now()));
            return ps;
        }, keys);
        return ((Number) (keys.getKeys().size() > 1 ? keys.getKeys().get("id") : keys.getKey())).longValue();
    }

    private static ApiException running(String source, Long runId) {
        return new ApiException(409, "sync_running", "a " + source + " sync is already running"
                + (runId == null ? "" : ": run " + runId + " (GET /api/v1/sync/runs/" + runId + ")") + "; wait for it to finish");
    }

    public Optional<Long> runningId(String source) {
        return jdbc.queryForList("SELECT run_id FROM sync_run_locks WHERE source = ?", Long.class, source).stream().findFirst();
    }

    public void progress(long id, RunCounters c) {
        jdbc.update("UPDATE sync_runs SET pages = ?, requests = ?, rate_limited = ?, fetched = ?, created = ?, updated = ?, "
                        + "unchanged = ?, failed = ?, errors = ? WHERE id = ?",
                c.pages.get(), c.requests.get(), c.rateLimited.get(), c.fetched.get(), c.created.get(), c.updated.get(),
                c.unchanged.get(), c.failed.get(), CanonicalJson.write(c.errorsJson()), id);
    }

    @Transactional
    public void finish(long id, String source, String status, RunCounters c, String message) {
        progress(id, c);
        jdbc.update("UPDATE sync_runs SET status = ?, message = ?, finished_at = ? WHERE id = ?", status,
                message == null ? null : message.length() > 2000 ? message.substring(0, 2000) : message, Timestamp.from(Instant.now()), id);
        jdbc.update("DELETE FROM sync_run_locks WHERE source = ? AND run_id = ?", source, id);
        metrics.ended(source, status, c);
    }

    /** When the newest successful run of this source (any strategy) finished. */
    public Optional<Instant> lastSuccess(String source) {
        return jdbc.queryForList("SELECT finished_at FROM sync_runs WHERE source = ? AND status = ? ORDER BY id DESC",
                Object.class, source, SUCCEEDED).stream().findFirst().map(DbTime::instant);
    }

    /** The newest full run that succeeded, if any. */
    public Optional<Instant> lastSuccessOf(String source, String strategy) {
        return jdbc.queryForList("SELECT finished_at FROM sync_runs WHERE source = ? AND strategy = ? AND status = ? ORDER BY id DESC",
                Object.class, source, strategy, SUCCEEDED).stream().findFirst().map(DbTime::instant);
    }

    public Optional<String> cursor(String source) {
        return jdbc.queryForList("SELECT cursor_value FROM sync_cursors WHERE source = ?", String.class, source).stream().findFirst();
    }

    /** Moves the cursor forward only (a page committed out of order never moves it back). */
    public void advanceCursor(String source, String value, long runId, java.util.Comparator<String> order) {
        synchronized (this) {
            Optional<String> current = cursor(source);
            if (current.isPresent() && order.compare(current.get(), value) >= 0) {
                return;
            }
            if (current.isPresent()) {
                jdbc.update("UPDATE sync_cursors SET cursor_value = ?, run_id = ?, updated_at = ? WHERE source = ?", value, runId,
                        Timestamp.from(Instant.now()), source);
            } else {
                jdbc.update("INSERT INTO sync_cursors (source, cursor_value, run_id, updated_at) VALUES (?, ?, ?, ?)", source, value,
                        runId, Timestamp.from(Instant.now()));
            }
        }
    }

    public void clearCursor(String source) {
        jdbc.update("DELETE FROM sync_cursors WHERE source = ?", source);
    }

    public Optional<ObjectNode> get(long id) {
        return jdbc.query("SELECT * FROM sync_runs WHERE id = ?", (rs, i) -> row(rs), id).stream().findFirst();
    }

    public ArrayNode list(String source, String status, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM sync_runs WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (source != null && !source.isBlank()) {
            sql.append(" AND source = ?");
            args.add(source.trim().toLowerCase());
        }
        if (status != null && !status.isBlank()) {
            sql.append(" AND status = ?");
            args.add(status.trim().toLowerCase());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        ArrayNode items = CanonicalJson.MAPPER.createArrayNode();
        jdbc.query(sql.toString(), (rs, i) -> row(rs), args.toArray()).forEach(items::add);
        return items;
    }

    private static ObjectNode row(java.sql.ResultSet rs) throws java.sql.SQLException {
        ObjectNode o = CanonicalJson.object();
        o.put("id", rs.getLong("id")).put("source", rs.getString("source")).put("strategy", rs.getString("strategy"))
                .put("reason", rs.getString("reason")).put("status", rs.getString("status"))
                .put("pages", rs.getLong("pages")).put("requests", rs.getLong("requests"))
                .put("rateLimited", rs.getLong("rate_limited")).put("fetched", rs.getLong("fetched"))
                .put("created", rs.getLong("created")).put("updated", rs.getLong("updated"))
                .put("unchanged", rs.getLong("unchanged")).put("failed", rs.getLong("failed"));
        o.set("errors", CanonicalJson.parse(rs.getString("errors")));
        String scope = rs.getString("scope");
        o.set("scope", scope == null ? null : CanonicalJson.parse(scope));
        o.put("message", rs.getString("message"));
        Instant started = DbTime.instant(rs.getObject("started_at"));
        Instant finished = rs.getObject("finished_at") == null ? null : DbTime.instant(rs.getObject("finished_at"));
        o.put("startedAt", started.toString());
        o.put("finishedAt", finished == null ? null : finished.toString());
        double seconds = Duration.between(started, finished == null ? Instant.now() : finished).toMillis() / 1000.0;
        o.put("recordsPerSecond", seconds <= 0 ? 0 : Math.round(rs.getLong("fetched") / seconds * 10) / 10.0);
        return o;
    }
}
