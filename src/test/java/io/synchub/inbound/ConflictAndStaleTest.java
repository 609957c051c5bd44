package io.synchub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;

import static org.assertj.core.api.Assertions.assertThat;

/** Conflicts inside the window between the hub's own edits and Shopify, their resolution, and stale updates. */
class ConflictAndStaleTest extends HubTestSupport {

    private static final String SAMPLE = new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8);
    private long productId;

    @BeforeEach
    void productCreatedByShopifyAnHourAgo() {
        hub.shopifyWebhook("products/update", "evt-create", SAMPLE.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "products stored",
                () -> hub.get("/api/v1/products?q=small").json().get("total").asInt() == 1);
        productId = hub.get("/api/v1/products?q=small").json().get("items").get(0).get("id").asLong();
        // let the creation fall outside the conflict window, as if it had happened an hour ago
        String meta = jdbc.queryForObject("SELECT field_meta FROM products WHERE id = ?", String.class, productId);
        String hourAgo = Instant.now().minus(Duration.ofHours(1)).toString();
        jdbc.update("UPDATE products SET field_meta = ? WHERE id = ?",
                meta.replaceAll("\"at\":\"[^\"]+\"", Matcher.quoteReplacement("\"at\":\"" + hourAgo + "\"")), productId);
    }

    @Test
    void aHubEditThenADifferentShopifyTitleInsideTheWindowIsAConflictAnOperatorSettles() {
        var patched = hub.patch("/api/v1/products/" + productId, "{\"name\":\"Hub Shirt – Small\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("name").asText()).isEqualTo("Hub Shirt – Small");
        assertThat(patched.json().get("fieldMeta").get("name").get("origin").asText()).isEqualTo("NOLIMITS");
        assertThat(hub.get("/api/v1/conflicts").json().get("total").asInt()).isZero();

        String retitled = SAMPLE.replace("\"title\": \"Example T-Shirt\"", "\"title\": \"Shopify Shirt\"")
                .replaceFirst("\"updated_at\": \"2021-12-31T19:00:00-05:00\"", "\"updated_at\": \"2022-02-01T10:00:00-05:00\"");
        hub.shopifyWebhook("products/update", "evt-title", retitled.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "conflict recorded",
                () -> hub.get("/api/v1/conflicts?status=CONFLICT").json().get("total").asInt() >= 1);

        JsonNode conflict = null;
        for (JsonNode c : hub.get("/api/v1/conflicts?status=CONFLICT&productId=" + productId).json().get("items")) {
            conflict = c;
        }
        assertThat(conflict).isNotNull();
        assertThat(conflict.get("field").asText()).isEqualTo("name");
        assertThat(conflict.get("localOrigin").asText()).isEqualTo("NOLIMITS");
        assertThat(conflict.get("localValue").asText()).isEqualTo("Hub Shirt – Small");
        assertThat(conflict.get("remoteOrigin").asText()).isEqualTo("SHOPIFY");
        assertThat(conflict.get("remoteValue").asText()).isEqualTo("Shopify Shirt - Small");
        JsonNode product = hub.get("/api/v1/products/" + productId).json();
        assertThat(product.get("name").asText()).as("shared fields: last write wins").isEqualTo("Shopify Shirt - Small");
        assertThat(product.get("syncStatus").asText()).isEqualTo("CONFLICT");

        var resolved = hub.post("/api/v1/conflicts/" + conflict.get("id").asLong() + "/resolve", "{\"resolution\":\"accept_local\"}");
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.json().get("status").asText()).isEqualTo("RESOLVED");
        product = hub.get("/api/v1/products/" + productId).json();
        assertThat(product.get("name").asText()).isEqualTo("Hub Shirt – Small");
        assertThat(product.get("syncStatus").asText()).isEqualTo("SYNCED");

        var again = hub.post("/api/v1/conflicts/" + conflict.get("id").asLong() + "/resolve", "{\"resolution\":\"accept_remote\"}");
        assertThat(again.status()).isEqualTo(409);
    }

    @Test
    void mergeTakesTheOperatorsValue() {
        hub.patch("/api/v1/products/" + productId, "{\"description\":\"from the hub\"}");
        String changed = SAMPLE.replace("\"body_html\": \"An example T-Shirt\"", "\"body_html\": \"from shopify\"");
        hub.shopifyWebhook("products/update", "evt-desc", changed.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "conflict recorded",
                () -> hub.get("/api/v1/conflicts?status=CONFLICT&productId=" + productId).json().get("total").asInt() == 1);
        long id = hub.get("/api/v1/conflicts?status=CONFLICT&productId=" + productId).json().get("items").get(0).get("id").asLong();
        assertThat(hub.post("/api/v1/conflicts/" + id + "/resolve", "{\"resolution\":\"merge\"}").status()).isEqualTo(422);
        var wrongType = hub.post("/api/v1/conflicts/" + id + "/resolve", "{\"resolution\":\"merge\",\"mergeData\":{\"a\":1}}");
        assertThat(wrongType.status()).as("mergeData must fit the field").isEqualTo(422);
        assertThat(wrongType.body()).contains("description");
        var merged = hub.post("/api/v1/conflicts/" + id + "/resolve", "{\"resolution\":\"merge\",\"mergeData\":\"both, merged\"}");
        assertThat(merged.status()).isEqualTo(200);
        assertThat(hub.get("/api/v1/products/" + productId).json().get("description").asText()).isEqualTo("both, merged");
    }

    @Test
    void aCommerceFieldInsideTheWindowKeepsShopifysValue() {
        String repriced = SAMPLE.replace("\"price\": \"19.99\"", "\"price\": \"17.00\"");
        hub.shopifyWebhook("products/update", "evt-price", repriced.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "shopify price applied", () ->
                hub.get("/api/v1/products/" + productId).json().get("netSalesPrice").decimalValue().compareTo(new java.math.BigDecimal("17")) == 0);
        var patched = hub.patch("/api/v1/products/" + productId, "{\"netSalesPrice\": 15}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.json().get("netSalesPrice").decimalValue()).isEqualByComparingTo("17.00");
        assertThat(patched.json().get("mergeOutcome").get("dropped").get(0).get("reason").asText()).isEqualTo("conflict_lost");
        JsonNode conflicts = hub.get("/api/v1/conflicts?productId=" + productId).json();
        assertThat(conflicts.get("items").get(0).get("status").asText()).as("settled by the rule, no operator needed").isEqualTo("RESOLVED");
    }

    @Test
    void aShopifyUpdateOlderThanTheStoredOneIsNotApplied() {
        String newer = SAMPLE.replace("\"title\": \"Example T-Shirt\"", "\"title\": \"Newer\"")
                .replaceFirst("\"updated_at\": \"2021-12-31T19:00:00-05:00\"", "\"updated_at\": \"2022-03-01T00:00:00-05:00\"");
        hub.shopifyWebhook("products/update", "evt-newer", newer.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "newer title applied",
                () -> hub.get("/api/v1/products/" + productId).json().get("name").asText().startsWith("Newer"));
        String older = SAMPLE.replace("\"title\": \"Example T-Shirt\"", "\"title\": \"Older\"")
                .replaceFirst("\"updated_at\": \"2021-12-31T19:00:00-05:00\"", "\"updated_at\": \"2022-02-01T00:00:00-05:00\"");
        hub.shopifyWebhook("products/update", "evt-older", older.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "older delivery processed",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 3);
        assertThat(hub.get("/api/v1/products/" + productId).json().get("name").asText()).isEqualTo("Newer - Small");
        assertThat(hub.get("/api/v1/products/" + productId + "/logs").json().toString()).contains("stale_skipped");
    }

}
