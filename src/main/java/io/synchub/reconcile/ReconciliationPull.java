package io.synchub.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.channel.ChannelRegistry;
import io.synchub.inbox.Inbox;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformPacing;
import io.synchub.runs.RequestPacer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The platform-neutral half of catching what webhooks missed: a platform's pull (in its own platform package) runs
 * inside {@link #underCursor}, which locks the platform's cursor, and queues each changed item into the durable inbox
 * with {@link #queuePage} as the webhook would have, so the same dedupe, echo check, merge and outbox apply. Each
 * page's rows commit on their own (the inbox drain works while later pages are fetched); the cursor moves only when
 * the whole pull succeeded, and a failure keeps it.
 */
@Component
public class ReconciliationPull {

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationPull.class);
    private static final int MAX_RATE_LIMIT_WAITS = 600;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate pageTx;
    private final Inbox inbox;
    private final Duration lookback;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final PlatformPacing pacing;

    /** What one pull found: the newest change it saw (the next cursor) and how many items it queued. */
    public record Outcome(String newest, int queued) {
    }

    public ReconciliationPull(JdbcTemplate jdbc, PlatformTransactionManager txManager, Inbox inbox, PlatformPacing pacing,
                              @Value("${synchub.reconcile.initial-lookback:24h}") Duration lookback) {
        this.pacing = pacing;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.pageTx = new TransactionTemplate(txManager);
        this.pageTx.setPropagationBehavior(TransactionTemplate.PROPAGATION_REQUIRES_NEW);
        this.inbox = inbox;
        this.lookback = lookback;
    }

    /** The first run's start: now minus synchub.reconcile.initial-lookback, whole seconds. */
    public Instant initialFrom() {
        return Instant.now().minus(lookback).truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Runs {@code pull} (given the cursor) while holding the cursor row; moves the cursor to the outcome's newest
     * change. Another hub instance holding the cursor: nothing is pulled.
     */
    public String underCursor(String cursor, String initial, String platformName, Function<String, Outcome> pull) {
        return tx.execute(s -> {
            String from = lockCursor(cursor, initial);
            if (from == null) {
                return "another hub instance is reconciling " + platformName;
            }
            Outcome outcome = pull.apply(from);
            jdbc.update("UPDATE poll_cursors SET cursor_value = ?, updated_at = ? WHERE name = ?", outcome.newest(),
                    Timestamp.from(Instant.now()), cursor);
            String summary = platformName + " reconciliation since " + from + ": " + outcome.queued()
                    + " product(s) queued in the inbox, cursor " + outcome.newest();
            LOG.info(summary);
            return summary;
        });
    }

    /** Queues one page's items (origin, topic, item -> its dedupe key) in its own transaction; returns how many were new. */
    public int queuePage(String origin, String topic, Iterable<JsonNode> items, Function<JsonNode, String> key) {
        return pageTx.execute(p -> {
            int n = 0;
            for (JsonNode item : items) {
                // the lane of the resource's own webhooks: platform REST resources carry their id in "id"
                if (inbox.accept(origin, ChannelRegistry.DEFAULT_CLIENT, topic, origin + "|reconcile|" + key.apply(item),
                        item.path("id").asText(null), Map.of("X-SyncHub-Source", "reconciliation"), CanonicalJson.write(item))) {
                    n++;
                }
            }
            return n;
        });
    }

    private String lockCursor(String name, String initial) {
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                name, initial, Timestamp.from(Instant.now()));
        List<String> rows = jdbc.queryForList("SELECT cursor_value FROM poll_cursors WHERE name = ? FOR UPDATE SKIP LOCKED", String.class, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /**
     * One page of the platform, with its auth, in the platform's request schedule ({@link PlatformPacing}: shared with
     * its pushes, paced from the pull's first request): a pull against a known limit takes the time the limit sets
     * instead of finding the limit through 429s. A 429 is still waited out as the platform says (Retry-After,
     * fractional seconds allowed; 1 s without one) and the same page asked again in its slot, up to
     * {@value #MAX_RATE_LIMIT_WAITS} times.
     */
    public HttpResponse<String> get(PlatformDeclaration platform, String url) {
        RequestPacer pacer = pacing.forPulls(platform);
        try {
            boolean refused = false;
            for (int waits = 0; ; waits++) {
                if (!refused) {
                    pacer.acquire();
                }
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                        .header(platform.authHeader(), platform.authValue()).header("Accept", "application/json").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                refused = r.statusCode() == 429 && waits < MAX_RATE_LIMIT_WAITS;
                if (refused) {
                    pacer.waitOutRefusal(RequestPacer.retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null)));
                    continue;
                }
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET " + url.replaceAll("\\?.*", "") + " answered HTTP " + r.statusCode()
                            + "; the reconciliation cursor is kept and the next run retries");
                }
                return r;
            }
        } catch (IOException e) {
            throw new IllegalStateException("GET " + url.replaceAll("\\?.*", "") + " failed (" + e + "); the cursor is kept", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
