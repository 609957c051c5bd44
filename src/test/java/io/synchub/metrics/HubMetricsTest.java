package io.synchub.metrics;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.synchub.outbound.OutboundTestSupport;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub's own metrics move with what happens: a target's outage fills the backlog and the dead letters, replay
 * drains them; the breaker's state shows; conflicts and the inbox are counted; mapping files are checked.
 */
class HubMetricsTest extends OutboundTestSupport {

    private static final String WOO_PRODUCT = "/wp-json/wc/v3/products/799";

    private double value(String metric, String... labels) {
        return PrometheusScrape.of(port).value(metric, labels).orElseThrow(
                () -> new AssertionError(metric + " " + String.join(",", labels) + " is not in /actuator/prometheus"));
    }

    private void awaitValue(String what, double expected, String metric, String... labels) {
        HubClient.await(Duration.ofSeconds(20), what, () -> value(metric, labels) == expected);
    }

    @Test
    void anOutageShowsAsBacklogAndDeadLettersThatReplayDrains() {
        long id = seedProduct("MT-1", "{\"sku\":\"MT-1\",\"name\":\"Mug\",\"netSalesPrice\":5}", "WOOCOMMERCE:799:799");
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(status(503)));
        double pushedBefore = value("synchub_pushes_total", "target=\"WOOCOMMERCE\"", "outcome=\"success\"");

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 6}");
        HubClient.await(Duration.ofSeconds(15), "a dead letter", () -> count("SELECT COUNT(*) FROM dead_letters") == 1);
        awaitValue("the open dead letter to show", 1, "synchub_dead_letters_open", "target=\"WOOCOMMERCE\"");
        assertThat(value("synchub_pushes_total", "target=\"WOOCOMMERCE\"", "outcome=\"retry\"")).isGreaterThanOrEqualTo(3);
        assertThat(value("synchub_pushes_total", "target=\"WOOCOMMERCE\"", "outcome=\"dead_lettered\"")).isGreaterThanOrEqualTo(1);

        WOO.resetAll();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        long dl = jdbc.queryForObject("SELECT id FROM dead_letters", Long.class);
        assertThat(hub.post("/api/v1/dead-letters/" + dl + "/replay", "").status()).isEqualTo(200);
        awaitNoOpenJobs();
        awaitValue("the dead letters to drain", 0, "synchub_dead_letters_open", "target=\"WOOCOMMERCE\"");
        awaitValue("the outbox backlog to drain", 0, "synchub_outbox_jobs", "target=\"WOOCOMMERCE\"", "status=\"pending\"");
        assertThat(value("synchub_pushes_total", "target=\"WOOCOMMERCE\"", "outcome=\"success\"")).isEqualTo(pushedBefore + 1);
    }

    @Test
    void aQueuedJobShowsAsPendingWithItsAgeWhileTheCircuitIsOpen() {
        long id = seedProduct("MT-2", "{\"sku\":\"MT-2\",\"name\":\"Cup\",\"netSalesPrice\":5}", "WOOCOMMERCE:799:799");
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        CircuitBreaker woo = circuitBreakers.stream().filter(b -> b.getName().equals("woocommerce")).findFirst().orElseThrow();
        assertThat(value("synchub_circuit_state", "target=\"WOOCOMMERCE\"", "state=\"closed\"")).isEqualTo(1);
        woo.transitionToOpenState();
        assertThat(value("synchub_circuit_open", "target=\"WOOCOMMERCE\"")).isEqualTo(1);
        assertThat(value("synchub_circuit_state", "target=\"WOOCOMMERCE\"", "state=\"open\"")).isEqualTo(1);
        woo.transitionToForcedOpenState(); // held open (tests' wait-in-open is 1 s) until the backlog has been seen

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 7}");
        HubClient.await(Duration.ofSeconds(20), "the waiting job to show as backlog", () ->
                value("synchub_outbox_jobs", "target=\"WOOCOMMERCE\"", "status=\"pending\"") == 1
                        && value("synchub_outbox_oldest_job_age_seconds", "target=\"WOOCOMMERCE\"") > 0);
        assertThat(value("synchub_pushes_total", "target=\"WOOCOMMERCE\"", "outcome=\"circuit_open\"")).isGreaterThanOrEqualTo(1);

        woo.transitionToClosedState();
        assertThat(value("synchub_circuit_open", "target=\"WOOCOMMERCE\"")).isZero();
        awaitNoOpenJobs();
        awaitValue("the backlog to drain", 0, "synchub_outbox_jobs", "target=\"WOOCOMMERCE\"", "status=\"pending\"");
    }

    @Test
    void inboxConflictsPollersClientsAndMappingFilesAreExposed() {
        jdbc.update("INSERT INTO inbox (platform, client_id, topic, delivery_key, headers, body, status, attempts, next_attempt_at, "
                + "last_error, received_at) VALUES ('SHOPIFY', 'default', 'products/update', 'metrics-failed-1', '{}', '{}', 'FAILED', 10, "
                + "CURRENT_TIMESTAMP, 'boom', CURRENT_TIMESTAMP)");
        long product = seedProduct("MT-3", "{\"sku\":\"MT-3\",\"name\":\"Pot\"}");
        jdbc.update("INSERT INTO conflicts (product_id, field, field_group, local_value, local_origin, local_at, remote_value, remote_origin, "
                + "remote_at, applied_origin, status, created_at) VALUES (?, 'name', 'content', '\"a\"', 'SHOPIFY', CURRENT_TIMESTAMP, '\"b\"', "
                + "'WOOCOMMERCE', CURRENT_TIMESTAMP, 'SHOPIFY', 'CONFLICT', CURRENT_TIMESTAMP)", product);
        jdbc.update("DELETE FROM poll_cursors WHERE name = 'metrics-test-feed'");
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('metrics-test-feed', ?, CURRENT_TIMESTAMP)",
                java.time.Instant.now().minusSeconds(120).toString());

        awaitValue("the failed delivery", 1, "synchub_inbox_deliveries", "status=\"failed\"");
        awaitValue("the open conflict", 1, "synchub_conflicts_open");
        HubClient.await(Duration.ofSeconds(20), "the poller's lag", () -> PrometheusScrape.of(port)
                .value("synchub_poller_lag_seconds", "poller=\"metrics-test-feed\"").orElse(0) >= 120);
        assertThat(value("synchub_poller_last_success_timestamp_seconds", "poller=\"metrics-test-feed\""))
                .isGreaterThan(java.time.Instant.now().minusSeconds(600).getEpochSecond());
        assertThat(value("synchub_sse_clients")).isZero();
        assertThat(value("synchub_websocket_clients")).isZero();
        assertThat(value("synchub_mapping_file_valid", "file=\"ownership.yaml\"")).isEqualTo(1);
        assertThat(value("synchub_mapping_file_valid", "file=\"shopify/product-in.jsonata\"")).isEqualTo(1);
        assertThat(value("synchub_mapping_files_invalid")).isZero();
        assertThat(value("synchub_echo_skips_total", "platform=\"SHOPIFY\"")).isGreaterThanOrEqualTo(0);
        jdbc.update("DELETE FROM poll_cursors WHERE name = 'metrics-test-feed'");
    }
}
