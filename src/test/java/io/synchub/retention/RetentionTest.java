package io.synchub.retention;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operational tables stay bounded: rows past their retention go in batches (each its own statement) while signed
 * webhooks keep flowing through the real pipeline, and the dedupe still rejects a redelivery inside the retention.
 */
class RetentionTest extends HubTestSupport {

    private static final byte[] PRODUCT = HubClient.fixture("shopify/products_update.json");

    @Autowired
    OperationalRetention retention;

    @Test
    void rowsPastTheirRetentionArePurgedInBatchesWhileWebhooksKeepFlowing() throws Exception {
        // 120 deliveries processed "8 days ago" (their dedupe keys too), plus old done/failed outbox jobs, old echo
        // pushes and old sync log entries, next to recent ones of each
        int old = 120;
        for (int i = 0; i < old; i++) {
            assertThat(hub.shopifyWebhook("products/update", "old-" + i, PRODUCT, SECRET).status()).isEqualTo(200);
        }
        HubClient.await(Duration.ofSeconds(60), "old deliveries processed", () -> done() == old);
        Timestamp eightDaysAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(8)));
        jdbc.update("UPDATE inbox SET processed_at = ?, received_at = ?", eightDaysAgo, eightDaysAgo);
        jdbc.update("UPDATE camel_messageprocessed SET createdat = ?", eightDaysAgo);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM camel_messageprocessed", Long.class)).isEqualTo(old);
        long logsBefore = count("sync_log");
        jdbc.update("UPDATE sync_log SET created_at = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(91))));
        for (int i = 0; i < 60; i++) {
            outboxJob("completed", eightDaysAgo);
            outboxJob("skipped", eightDaysAgo);
            outboxJob("failed", eightDaysAgo);                       // a dead letter: stays
            outboxJob("completed", Timestamp.from(Instant.now().minus(Duration.ofDays(6))));
            echoPush(Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
            echoPush(Timestamp.from(Instant.now().minus(Duration.ofMinutes(5))));
        }

        // webhooks keep arriving while a purge with batches of 25 runs
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        OperationalRetention purge = new OperationalRetention(jdbc, meters, Duration.ofDays(7), Duration.ofDays(7),
                Duration.ofMinutes(15), Duration.ofDays(90), Duration.ofHours(24), 25);
        AtomicBoolean purging = new AtomicBoolean(true);
        List<Integer> statuses = new ArrayList<>();
        CompletableFuture<Integer> flowing = CompletableFuture.supplyAsync(() -> {
            int sent = 0;
            while (purging.get() || sent < 40) {
                statuses.add(hub.shopifyWebhook("products/update", "new-" + sent, PRODUCT, SECRET).status());
                sent++;
            }
            return sent;
        });
        Map<String, Long> purged;
        try {
            Thread.sleep(200);
            purged = purge.purge();
        } finally {
            purging.set(false);
        }
        int fresh = flowing.get();

        assertThat(purged.get("inbox")).isEqualTo(old);
        assertThat(purged.get("camel_messageprocessed")).isEqualTo(old);
        assertThat(purged.get("outbox")).isEqualTo(120);
        assertThat(purged.get("echo_pushes")).isEqualTo(60);
        assertThat(purged.get("sync_log")).isEqualTo(logsBefore);
        assertThat(logsBefore).isPositive();
        // in batches: 120 inbox rows in batches of at most 25 → at least 5 deletes
        assertThat(meters.get("synchub_retention_batches").tag("table", "inbox").counter().count()).isGreaterThanOrEqualTo(5);
        assertThat(meters.get("synchub_retention_batches").tag("table", "outbox").counter().count()).isGreaterThanOrEqualTo(5);
        assertThat(meters.get("synchub_retention_purged_rows").tag("table", "inbox").counter().count()).isEqualTo(old);

        // every delivery that arrived during the purge was accepted, processed and kept
        assertThat(statuses).hasSize(fresh).allMatch(s -> s == 200);
        HubClient.await(Duration.ofSeconds(60), "fresh deliveries processed", () -> done() == fresh);
        assertThat(count("inbox")).isEqualTo(fresh);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'failed'", Long.class)).isEqualTo(60);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE status = 'completed'", Long.class)).isEqualTo(60);
        assertThat(count("echo_pushes")).isEqualTo(60);

        // inside the retention the dedupe still rejects a redelivery; the purged one is past every redelivery window
        assertThat(hub.shopifyWebhook("products/update", "new-0", PRODUCT, SECRET).json().get("status").asText())
                .isEqualTo("duplicate");
        assertThat(hub.shopifyWebhook("products/update", "old-0", PRODUCT, SECRET).json().get("status").asText())
                .isEqualTo("accepted");
    }

    @Test
    void theHubsPurgeCountsPurgedRowsInItsMetrics() {
        Timestamp old = Timestamp.from(Instant.now().minus(Duration.ofDays(100)));
        jdbc.update("INSERT INTO sync_log (product_id, action, origin, created_at) VALUES (NULL, 'updated', 'TEST', ?)", old);
        jdbc.update("INSERT INTO sync_log (product_id, action, origin, created_at) VALUES (NULL, 'updated', 'TEST', ?)",
                Timestamp.from(Instant.now()));
        assertThat(retention.purge().get("sync_log")).isEqualTo(1);
        assertThat(count("sync_log")).isEqualTo(1);
        String scrape = hub.getAsScraper("/actuator/prometheus").body();
        assertThat(scrape).containsPattern("synchub_retention_purged_rows_total\\{[^}]*table=\"sync_log\"[^}]*\\} [1-9]");
        assertThat(scrape).contains("synchub_retention_batches_total{");
    }

    private long done() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }

    private void outboxJob(String status, Timestamp at) {
        jdbc.update("INSERT INTO outbox (entity_type, entity_id, client_id, target, operation, status, next_attempt_at, "
                        + "idempotency_key, created_at, updated_at, completed_at) VALUES ('product', '1', 'default', 'SHOPIFY', "
                        + "'update', ?, ?, ?, ?, ?, ?)", status, at, java.util.UUID.randomUUID().toString(), at, at,
                status.equals("failed") ? null : at);
    }

    private void echoPush(Timestamp at) {
        jdbc.update("INSERT INTO echo_pushes (platform, client_id, external_id, pushed_values, pushed_at) "
                + "VALUES ('SHOPIFY', 'default', 'x', '{}', ?)", at);
    }
}
