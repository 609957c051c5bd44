package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.channel.ChannelRegistry;
import io.synchub.product.ProductWrite;
import io.synchub.runs.RunCounters;
import io.synchub.runs.SyncRuns;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The admin panel's scheduled pulls (routes/pull-admin-*.yaml) and their durable state ({@code admin_pulls}, owned
 * here): a pull records its attempt first, and only a pull that stored everything records success, whose start
 * time is the next pull's {@code updatedSince} (minus a small overlap for clock skew). The panel may answer the
 * plain array (full) or the paged form; both are read to the end.
 *
 * When a pull is due ({@link #due}): a kind pulls every poll interval after its last attempt; after a failure it
 * retries sooner, with exponential backoff from {@code ADMIN_PULL_RETRY_INITIAL_DELAY} (doubling, never beyond the
 * poll interval). Every retry goes through the panel's circuit breaker: while it is open a retry is refused at once
 * without reaching the panel, and counts as one more failure, so the next retry waits longer.
 */
@Component("adminPulls")
public class AdminPulls {

    public static final String PRODUCTS = "products";
    public static final String CATEGORIES = "categories";
    private static final Duration OVERLAP = Duration.ofSeconds(5);
    private static final int PAGE_SIZE = 500;
    private static final int MAX_PAGES = 10_000;

    private final AdminPlatform platform;
    private final AdminClient client;
    private final JdbcTemplate jdbc;
    private final Map<String, Duration> intervals;
    private final Duration retryInitialDelay;
    private final SyncRuns runs;
    /** The run-log entry of the pull of each kind in progress (each kind's timer runs one pull at a time). */
    private final Map<String, Long> openRuns = new java.util.concurrent.ConcurrentHashMap<>();

    public AdminPulls(AdminPlatform platform, AdminClient client, JdbcTemplate jdbc, io.micrometer.core.instrument.MeterRegistry registry,
                      SyncRuns runs,
                      @Value("${synchub.admin.products-poll-interval:5m}") Duration productsInterval,
                      @Value("${synchub.admin.categories-poll-interval:10m}") Duration categoriesInterval,
                      @Value("${synchub.admin.pull-retry-initial-delay:2s}") Duration retryInitialDelay) {
        this.intervals = Map.of(PRODUCTS, productsInterval, CATEGORIES, categoriesInterval);
        this.retryInitialDelay = retryInitialDelay;
        this.platform = platform;
        this.client = client;
        this.jdbc = jdbc;
        this.runs = runs;
        runs.registerSource(SOURCE);
        for (String kind : List.of(PRODUCTS, CATEGORIES)) {
            io.micrometer.core.instrument.Gauge.builder("synchub.admin.pull.lag", this, p -> p.lagSeconds(kind))
                    .description("seconds since the last successful admin panel pull (NaN before the first)")
                    .baseUnit("seconds").tag("kind", kind).register(registry);
        }
    }

    /** Seconds since the last successful pull of {@code kind}; NaN when none succeeded yet. */
    double lagSeconds(String kind) {
        return lastSuccess(kind).map(t -> Duration.between(t, Instant.now()).toMillis() / 1000.0).orElse(Double.NaN);
    }

    public boolean enabled() {
        return platform.configured();
    }

    /**
     * Whether a pull of {@code kind} is due now: never pulled; the poll interval passed since the last attempt; or,
     * after failures, the backoff since the last attempt passed.
     */
    public boolean due(String kind) {
        if (!platform.configured()) {
            return false;
        }
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT last_attempt_at, consecutive_failures FROM admin_pulls WHERE kind = ?", kind);
        if (rows.isEmpty()) {
            return true;
        }
        Instant lastAttempt = DbTime.instant(rows.get(0).get("last_attempt_at"));
        int failures = ((Number) rows.get(0).get("consecutive_failures")).intValue();
        return lastAttempt == null || !Instant.now().isBefore(lastAttempt.plus(wait(kind, failures)));
    }

    /** The wait after the last attempt: the poll interval, or after {@code failures} failures in a row the backoff. */
    Duration wait(String kind, int failures) {
        Duration interval = intervals.get(kind);
        if (failures <= 0) {
            return interval;
        }
        long backoff = retryInitialDelay.toMillis() << Math.min(failures - 1, 20);
        return Duration.ofMillis(Math.min(backoff, interval.toMillis()));
    }

    /** The products changed since the last successful pull (all on the first), as one JSON array. */
    public String fetchProducts() {
        Optional<Instant> since = lastSuccess(PRODUCTS);
        attempt(PRODUCTS);
        logRun(PRODUCTS, since.isPresent() ? "incremental" : "full", since
                .map(s -> "scheduled admin panel pull of the products changed since the last success (" + s + ")")
                .orElse("scheduled admin panel pull: no earlier success, every product"));
        ArrayNode all = CanonicalJson.MAPPER.createArrayNode();
        String filter = since.map(s -> "updatedSince=" + URLEncoder.encode(s.minus(OVERLAP).toString(), StandardCharsets.UTF_8) + "&")
                .orElse("");
        for (int page = 1; page <= MAX_PAGES; page++) {
            AdminClient.Answer a = client.call(PRODUCTS, null, filter + "page=" + page + "&pageSize=" + PAGE_SIZE, null, null);
            if (!a.ok() || a.body() == null) {
                throw new AdminUnavailable("the admin panel answered " + a.status() + " to the products pull", null);
            }
            if (a.body().isArray()) { // the plain form: everything in one answer
                all.addAll((ArrayNode) a.body());
                break;
            }
            JsonNode items = a.body().path("items");
            if (!items.isArray()) {
                throw new AdminUnavailable("the admin panel's products answer is neither an array nor {items, total}", null);
            }
            all.addAll((ArrayNode) items);
            long total = a.body().path("total").asLong(0);
            if (items.isEmpty() || all.size() >= total) {
                break;
            }
        }
        return CanonicalJson.write(all);
    }

    /** The mapped items as writes of origin ADMIN for the default client. */
    public List<ProductWrite> toWrites(String mappedJson) {
        JsonNode mapped = mappedJson == null || mappedJson.isBlank() ? null : CanonicalJson.parse(mappedJson);
        List<ProductWrite> writes = new ArrayList<>();
        if (mapped == null || mapped.isNull()) {
            return writes;
        }
        if (mapped.isArray()) {
            mapped.forEach(i -> writes.add(ProductWrite.fromMapped(i, ChannelRegistry.DEFAULT_CLIENT, platform.origin(), null)));
        } else {
            writes.add(ProductWrite.fromMapped(mapped, ChannelRegistry.DEFAULT_CLIENT, platform.origin(), null));
        }
        return writes;
    }

    /** Every category of the panel (always a full list: removals must be seen). */
    public List<ObjectNode> fetchCategories() {
        attempt(CATEGORIES);
        logRun(CATEGORIES, "full", "scheduled admin panel pull of every category (removals must be seen)");
        AdminClient.Answer a = client.call(CATEGORIES, null, null, null, null);
        JsonNode body = a.body() != null && a.body().has("items") ? a.body().get("items") : a.body();
        if (!a.ok() || body == null || !body.isArray()) {
            throw new AdminUnavailable("the admin panel answered " + a.status() + " to the categories pull", null);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode c : body) {
            if (c.isObject() && c.hasNonNull("id")) {
                out.add((ObjectNode) c);
            }
        }
        return out;
    }

    /** The pull of {@code kind} stored everything it fetched: its start becomes the last success. */
    public void succeeded(String kind, int count) {
        Long run = openRuns.remove(kind);
        if (run != null) {
            RunCounters c = new RunCounters();
            c.pages.set(1);
            c.fetched.set(count);
            runs.finish(run, SOURCE, SyncRuns.SUCCEEDED, c, count + " " + kind + " pulled and stored");
        }
        jdbc.update("UPDATE admin_pulls SET last_success_at = last_attempt_at, last_error = NULL, last_count = ?, "
                + "consecutive_failures = 0 WHERE kind = ?", count, kind);
    }

    public void failed(String kind, String error) {
        String e = error == null ? "unknown error" : error.length() > 1900 ? error.substring(0, 1900) : error;
        Long run = openRuns.remove(kind);
        if (run != null) {
            RunCounters c = new RunCounters();
            c.error(RunCounters.ErrorClass.network, kind + ": " + e);
            runs.finish(run, SOURCE, SyncRuns.FAILED, c, e);
        }
        jdbc.update("UPDATE admin_pulls SET last_error = ?, consecutive_failures = consecutive_failures + 1 WHERE kind = ?", e, kind);
    }

    /** Per kind: lastSuccessAt, lastAttemptAt, lastError, lastCount, consecutiveFailures. */
    public Map<String, Map<String, Object>> state() {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (Map<String, Object> r : jdbc.queryForList("SELECT * FROM admin_pulls ORDER BY kind")) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lastSuccessAt", DbTime.iso(r.get("last_success_at")));
            s.put("lastAttemptAt", DbTime.iso(r.get("last_attempt_at")));
            s.put("lastCount", r.get("last_count"));
            s.put("consecutiveFailures", r.get("consecutive_failures"));
            if (r.get("last_error") != null) {
                s.put("lastError", r.get("last_error"));
            }
            out.put((String) r.get("kind"), s);
        }
        return out;
    }

    private Optional<Instant> lastSuccess(String kind) {
        return jdbc.queryForList("SELECT last_success_at FROM admin_pulls WHERE kind = ?", Object.class, kind).stream()
                .filter(java.util.Objects::nonNull).map(DbTime::instant).findFirst();
    }

    /** The source name of the admin panel's pulls in the run log ({@code GET /api/v1/sync/runs?source=admin}). */
    public static final String SOURCE = "admin";

    /** Logs this pull as a run; a pull of the kind left open (its exchange failed before succeeded/failed) is closed first. */
    private void logRun(String kind, String strategy, String reason) {
        Long stale = openRuns.remove(kind);
        if (stale != null) {
            runs.finish(stale, SOURCE, SyncRuns.FAILED, new RunCounters(), "the pull ended without a result");
        }
        openRuns.put(kind, runs.record(SOURCE, strategy, reason, CanonicalJson.object().put("kind", kind)));
    }

    private void attempt(String kind) {
        Timestamp now = Timestamp.from(Instant.now());
        if (jdbc.update("UPDATE admin_pulls SET last_attempt_at = ? WHERE kind = ?", now, kind) == 0) {
            jdbc.update("INSERT INTO admin_pulls (kind, last_attempt_at) VALUES (?, ?) ON CONFLICT DO NOTHING", kind, now);
        }
    }
}
