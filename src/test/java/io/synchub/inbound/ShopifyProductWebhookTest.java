package io.synchub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubClient.Response;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The real Shopify products/update sample, signed, through the real routes into the central store. */
class ShopifyProductWebhookTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("shopify/products_update.json");

    @Test
    void signedSampleLandsAsTwoProductsLinkedToTheirExactShopifyIds() {
        Response r = hub.shopifyWebhook("products/update", "evt-1", SAMPLE, SECRET);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");

        JsonNode list = awaitProducts("t-shirt", 2);
        JsonNode small = list.get("items").get(0);
        assertThat(small.get("name").asText()).isEqualTo("Example T-Shirt - Small");
        assertThat(small.get("netSalesPrice").decimalValue()).isEqualByComparingTo("19.99");
        assertThat(small.get("compareAtPrice").decimalValue()).isEqualByComparingTo("24.99");
        assertThat(small.get("vendor").asText()).isEqualTo("Acme");
        assertThat(small.get("sku").isNull()).isTrue();
        assertThat(small.get("available").isNull()).as("stock from Shopify is never applied").isTrue();
        JsonNode link = small.get("links").get(0);
        assertThat(link.get("platform").asText()).isEqualTo("SHOPIFY");
        assertThat(link.get("productId").asText()).isEqualTo("788032119674292922");
        assertThat(link.get("variantId").asText()).isEqualTo("642667041472713922");
        assertThat(list.get("items").get(1).get("links").get(0).get("variantId").asText()).isEqualTo("757650484644203962");

        JsonNode logs = hub.get("/api/v1/products/" + small.get("id").asLong() + "/logs").json();
        assertThat(logs.get("items").findValuesAsText("action")).contains("created", "ownership_dropped");
        JsonNode dropped = null;
        for (JsonNode l : logs.get("items")) {
            if (l.get("action").asText().equals("ownership_dropped")) {
                dropped = l;
            }
        }
        assertThat(dropped.get("newValues").get("available").asInt()).isEqualTo(75);
    }

    @Test
    void theSameDeliveryAgainIsADuplicateAndChangesNothing() {
        assertThat(hub.shopifyWebhook("products/update", "evt-dup", SAMPLE, SECRET).json().get("status").asText()).isEqualTo("accepted");
        awaitProducts("t-shirt", 2);
        long logsBefore = count("sync_log");
        Response again = hub.shopifyWebhook("products/update", "evt-dup", SAMPLE, SECRET);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("status").asText()).isEqualTo("duplicate");
        assertThat(count("inbox")).isEqualTo(1);
        assertThat(count("sync_log")).isEqualTo(logsBefore);
    }

    @Test
    void aChangedPriceUpdatesTheSameTwoProducts() {
        hub.shopifyWebhook("products/update", "evt-a", SAMPLE, SECRET);
        awaitProducts("t-shirt", 2);
        byte[] changed = new String(SAMPLE, StandardCharsets.UTF_8).replace("\"price\": \"19.99\"", "\"price\": \"21.50\"")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(hub.shopifyWebhook("products/update", "evt-b", changed, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "price update applied", () ->
                hub.get("/api/v1/products?q=t-shirt").json().get("items").get(0).get("netSalesPrice").decimalValue()
                        .compareTo(new java.math.BigDecimal("21.50")) == 0);
        JsonNode list = hub.get("/api/v1/products?q=t-shirt").json();
        assertThat(list.get("total").asInt()).isEqualTo(2);
        assertThat(list.get("items").get(1).get("netSalesPrice").decimalValue()).isEqualByComparingTo("21.50");
        assertThat(count("products")).isEqualTo(2);
    }

    @Test
    void aWrongOrMissingSignatureIs401AndStoresNothing() {
        Response wrong = hub.shopifyWebhook("products/update", "evt-x", SAMPLE, "not-the-secret");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().get("error").asText()).isEqualTo("unauthorized");
        Response missing = hub.send("/webhooks/shopify", SAMPLE, java.util.Map.of("Content-Type", "application/json",
                "X-Shopify-Topic", "products/update", "X-Shopify-Event-Id", "evt-y"));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(count("inbox")).isZero();
        assertThat(count("products")).isZero();
    }

    @Test
    void malformedJsonIs400() {
        byte[] truncated = java.util.Arrays.copyOf(SAMPLE, SAMPLE.length / 2);
        Response r = hub.shopifyWebhook("products/update", "evt-m", truncated, SECRET);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("malformed_json");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at io.");
        assertThat(count("inbox")).isZero();
    }

    private JsonNode awaitProducts(String q, int n) {
        HubClient.await(Duration.ofSeconds(10), n + " products matching " + q,
                () -> hub.get("/api/v1/products?q=" + q).json().get("total").asInt() == n);
        return hub.get("/api/v1/products?q=" + q).json();
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
