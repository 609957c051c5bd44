package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.admin.AdminSimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin panel's product and category pulls against its simulator over real HTTP: upsert by SKU through the
 * ownership merge, nothing written for an unchanged re-pull, categories to POS with tombstones, and the fallback
 * while the panel is down (products still served, availability 503, health DOWN with the last successful pull).
 * SYNCHUB_INVENTORY_AUTHORITY is left unset: with ADMIN_BASE_URL set the admin panel is the authority by default.
 */
@TestPropertySource(properties = {"ADMIN_API_KEY=admin-pull-key", "synchub.admin.products-poll-interval=1s",
        "synchub.admin.categories-poll-interval=1s", "synchub.admin.poll-initial-delay=0", "synchub.admin.circuit-wait-in-open=1s"})
class AdminPullsTest extends HubTestSupport {

    static final AdminSimulator ADMIN = new AdminSimulator(0, "admin-pull-key").start();

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("ADMIN_BASE_URL", ADMIN::baseUrl);
    }

    @AfterEach
    void healthy() {
        ADMIN.faults().clear();
    }

    private JsonNode productBySku(String sku) {
        JsonNode items = hub.get("/api/v1/products?sku=" + sku).json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private int productPullsSoFar() {
        return ADMIN.requests().matching("GET", "/api/products").size();
    }

    @Test
    void productsAreUpsertedBySkuAndAnUnchangedRepullWritesNothing() {
        ADMIN.putProduct("ADM-1", "Linen shirt", new BigDecimal("49.90"), List.of("c-shirts"));
        ADMIN.putProduct("ADM-2", "Wool scarf", new BigDecimal("29.00"), List.of("c-acc"));
        HubClient.await(Duration.ofSeconds(15), "both admin products stored",
                () -> productBySku("ADM-1") != null && productBySku("ADM-2") != null);
        JsonNode p = productBySku("ADM-1");
        assertThat(p.get("name").asText()).isEqualTo("Linen shirt");
        assertThat(p.get("netSalesPrice").decimalValue()).isEqualByComparingTo("49.90");
        assertThat(p.get("categories").get(0).asText()).isEqualTo("c-shirts");
        assertThat(p.get("lastUpdatedBy").asText()).isEqualTo("ADMIN");
        long version = p.get("version").asLong();
        String updatedAt = p.get("lastUpdatedAt").asText();

        int pulls = productPullsSoFar();
        HubClient.await(Duration.ofSeconds(10), "two more pulls", () -> productPullsSoFar() >= pulls + 2);
        JsonNode again = productBySku("ADM-1");
        assertThat(again.get("version").asLong()).as("an unchanged re-pull writes nothing").isEqualTo(version);
        assertThat(again.get("lastUpdatedAt").asText()).isEqualTo(updatedAt);
        assertThat(ADMIN.requests().matching("GET", "/api/products").get(pulls).rawQuery()).contains("updatedSince=");
        assertThat(hub.get("/api/v1/products?q=scarf").json().get("total").asLong()).isEqualTo(1);

        // a change in the panel arrives with the next incremental pull
        ADMIN.putProduct("ADM-1", "Linen shirt", new BigDecimal("39.90"), List.of("c-shirts"));
        HubClient.await(Duration.ofSeconds(10), "the new price pulled",
                () -> productBySku("ADM-1").get("netSalesPrice").decimalValue().compareTo(new BigDecimal("39.90")) == 0);
        assertThat(productBySku("ADM-1").get("version").asLong()).isEqualTo(version + 1);
        assertThat(hub.get("/api/v1/products?sku=ADM-1").json().get("total").asLong()).as("upserted by SKU, not duplicated").isEqualTo(1);
    }

    @Test
    void everyPullIsARunInTheRunLogAndInTheMetrics() {
        ADMIN.putProduct("ADM-5", "Cotton tee", new BigDecimal("19.90"), List.of());
        HubClient.await(Duration.ofSeconds(20), "a products run that stored the new product, and a categories run", () ->
                productRunThatFetched() != null && hub.get("/api/v1/sync/runs?source=admin&status=succeeded&limit=500").json().get("items")
                        .toString().contains("\"kind\":\"categories\""));
        JsonNode products = productRunThatFetched();
        assertThat(products).as("a products run that fetched something").isNotNull();
        assertThat(products.get("source").asText()).isEqualTo("admin");
        assertThat(products.get("strategy").asText()).isIn("full", "incremental");
        assertThat(products.get("reason").asText()).contains("admin panel");
        assertThat(products.get("finishedAt").isNull()).isFalse();
        String scrape = hub.getAsScraper("/actuator/prometheus").body();
        assertThat(scrape).contains("synchub_sync_runs_total{platform=\"admin\",status=\"succeeded\"}")
                .contains("synchub_sync_run_records_total{outcome=\"fetched\",platform=\"admin\"}")
                .contains("synchub_sync_run_last_success_timestamp_seconds{platform=\"admin\"}")
                .contains("synchub_cache_hit_ratio{cache=\"productSearches\"}");
        assertThat(scrape).doesNotContain("synchub_sync_runs_total{platform=\"admin\",status=\"succeeded\"} 0.0");

        // a failed pull is a failed run with its error counted as network
        // until a pull has failed (a fixed short outage can pass unseen when the scheduler runs late on a busy machine)
        ADMIN.faults().outageNow(Duration.ofMinutes(1));
        HubClient.await(Duration.ofSeconds(30), "a failed admin run", () ->
                !hub.get("/api/v1/sync/runs?source=admin&status=failed").json().get("items").isEmpty());
        JsonNode failed = hub.get("/api/v1/sync/runs?source=admin&status=failed").json().get("items").get(0);
        assertThat(failed.at("/errors/network/count").asLong()).isEqualTo(1);
        assertThat(failed.get("message").asText()).isNotBlank();
        ADMIN.faults().clear();
    }

    private JsonNode productRunThatFetched() {
        for (JsonNode r : hub.get("/api/v1/sync/runs?source=admin&status=succeeded&limit=500").json().get("items")) {
            if (r.at("/scope/kind").asText().equals("products") && r.get("fetched").asInt() > 0) {
                return r;
            }
        }
        return null;
    }

    @Test
    void aCategoryRemovedInTheAdminReachesPosAsATombstone() {
        ADMIN.putCategory("c-tops", "Tops", null, 1);
        ADMIN.putCategory("c-sale", "Sale", null, 2);
        HubClient.await(Duration.ofSeconds(15), "both categories in POS", () -> {
            JsonNode r = hub.get("/api/v1/sync/incremental?entity_type=categories&since=0").json();
            return r.get("items").toString().contains("c-tops") && r.get("items").toString().contains("c-sale");
        });
        String cursor = hub.get("/api/v1/sync/incremental?entity_type=categories&since=0").json().get("next_cursor").asText();
        assertThat(ADMIN.removeCategory("c-sale")).isTrue();
        HubClient.await(Duration.ofSeconds(15), "the removed category as a tombstone", () ->
                hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + cursor).json().get("deleted").toString().contains("c-sale"));
        JsonNode after = hub.get("/api/v1/sync/incremental?entity_type=categories&since=" + cursor).json();
        List<String> changed = new ArrayList<>();
        after.get("items").forEach(i -> changed.add(i.get("id").asText()));
        assertThat(changed).as("the unchanged category is not sent again").doesNotContain("c-tops");
    }

    @Test
    void whileTheAdminIsDownProductsAreStillServedAvailabilityIs503AndHealthSaysDown() {
        ADMIN.putProduct("ADM-9", "Rain coat", new BigDecimal("99.00"), List.of());
        ADMIN.setStock("ADM-9", 4);
        HubClient.await(Duration.ofSeconds(15), "product pulled", () -> productBySku("ADM-9") != null);
        assertThat(hub.get("/api/v1/availability?skus=ADM-9").json().get("items").get(0).get("available").asLong()).isEqualTo(4);

        ADMIN.faults().outageNow(Duration.ofSeconds(60));
        long t0 = System.nanoTime();
        HubClient.Response a = hub.get("/api/v1/availability?skus=ADM-9");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1000);
        assertThat(a.status()).isEqualTo(503);
        assertThat(a.json().get("error").asText()).isEqualTo("inventory_unavailable");
        assertThat(productBySku("ADM-9").get("name").asText()).isEqualTo("Rain coat");
        // DOWN may come first from the categories pull or the breaker; wait until the products pull has failed too
        HubClient.await(Duration.ofSeconds(10), "health admin DOWN with the products pull's error", () -> {
            JsonNode admin = hub.getAsScraper("/actuator/health").json().path("components").path("admin");
            return admin.path("status").asText().equals("DOWN")
                    && !admin.path("details").path("pulls").path("products").path("lastError").asText().isBlank();
        });
        JsonNode admin = hub.getAsScraper("/actuator/health").json().get("components").get("admin");
        assertThat(admin.get("details").get("pulls").get("products").get("lastSuccessAt").asText()).isNotBlank();
        // the panel's 503, or the open breaker that stopped asking it
        assertThat(admin.get("details").get("pulls").get("products").get("lastError").asText()).containsAnyOf("503", "circuit breaker is open");
        assertThat(admin.toString()).doesNotContain("admin-pull-key");
        assertThat(hub.getAsScraper("/actuator/prometheus").body()).contains("synchub_admin_pull_lag_seconds{kind=\"products\"");
        ADMIN.faults().clear();
        HubClient.await(Duration.ofSeconds(15), "health admin UP again", () ->
                hub.getAsScraper("/actuator/health").json().path("components").path("admin").path("status").asText().equals("UP"));
    }
}
