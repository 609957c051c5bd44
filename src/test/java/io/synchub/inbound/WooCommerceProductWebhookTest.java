package io.synchub.inbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubClient.Response;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The real WooCommerce product.updated sample, signed, and the unsigned creation ping. */
class WooCommerceProductWebhookTest extends HubTestSupport {

    private static final byte[] SAMPLE = HubClient.fixture("woocommerce/product.updated.json");

    @Test
    void signedSampleLandsAsOneProductWithItsCommerceAndSharedFields() {
        Response r = hub.wooWebhook("product.updated", "d1", SAMPLE, SECRET);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("accepted");
        HubClient.await(Duration.ofSeconds(10), "woo product stored",
                () -> hub.get("/api/v1/products?q=premium").json().get("total").asInt() == 1);
        JsonNode p = hub.get("/api/v1/products?q=premium").json().get("items").get(0);
        assertThat(p.get("name").asText()).isEqualTo("Premium Quality");
        assertThat(p.get("netSalesPrice").decimalValue()).isEqualByComparingTo("24.54");
        assertThat(p.get("categories").toString()).isEqualTo("[\"Clothing\",\"T-shirts\"]");
        assertThat(p.get("images").size()).isEqualTo(2);
        assertThat(p.get("sku").isNull()).as("the sample has no SKU, like many real products").isTrue();
        assertThat(p.get("links").get(0).get("platform").asText()).isEqualTo("WOOCOMMERCE");
        assertThat(p.get("links").get(0).get("variantId").asText()).isEqualTo("794");
        assertThat(p.get("fieldMeta").get("name").get("sourceAt").asText()).isEqualTo("2017-03-23T20:01:14Z");
        assertThat(hub.get("/api/v1/products?category=T-shirts").json().get("total").asInt()).isEqualTo(1);
        assertThat(hub.get("/api/v1/products?category=T").json().get("total").asInt()).isZero();
        JsonNode status = hub.get("/api/v1/sync/status").json();
        assertThat(status.get("total").asInt()).isEqualTo(1);
        assertThat(status.get("missingSku").asInt()).isEqualTo(1);
    }

    @Test
    void theSameModificationDeliveredTwiceIsADuplicate() {
        assertThat(hub.wooWebhook("product.updated", "d1", SAMPLE, SECRET).json().get("status").asText()).isEqualTo("accepted");
        // WooCommerce's delivery id differs per attempt; the (source, topic, id, date_modified_gmt) key does not
        assertThat(hub.wooWebhook("product.updated", "d2", SAMPLE, SECRET).json().get("status").asText()).isEqualTo("duplicate");
    }

    @Test
    void stockSentByWooCommerceIsDroppedAndLogged() {
        byte[] managed = new String(SAMPLE, StandardCharsets.UTF_8)
                .replace("\"manage_stock\": false", "\"manage_stock\": true")
                .replace("\"stock_quantity\": null", "\"stock_quantity\": 12")
                .getBytes(StandardCharsets.UTF_8);
        hub.wooWebhook("product.updated", "d3", managed, SECRET);
        HubClient.await(Duration.ofSeconds(10), "woo product stored",
                () -> hub.get("/api/v1/products?q=premium").json().get("total").asInt() == 1);
        JsonNode p = hub.get("/api/v1/products?q=premium").json().get("items").get(0);
        assertThat(p.get("available").isNull()).isTrue();
        JsonNode logs = hub.get("/api/v1/products/" + p.get("id").asLong() + "/logs").json();
        assertThat(logs.toString()).contains("ownership_dropped").contains("\"available\":12");
    }

    @Test
    void aVariationWithoutTagsOrCategoriesLeavesThoseOfTheSameSkuFromShopifyAlone() {
        String shopify = new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8)
                .replaceFirst("\"sku\": null", "\"sku\": \"SHARED-S\"");
        hub.shopifyWebhook("products/create", "evt-shared", shopify.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "shopify product stored", () -> hub.get("/api/v1/products?sku=SHARED-S").json().get("total").asInt() == 1);
        byte[] variation = ("{\"id\":201,\"parent_id\":200,\"sku\":\"SHARED-S\",\"name\":\"Example T-Shirt - Small\","
                + "\"price\":\"19.99\",\"regular_price\":\"19.99\",\"sale_price\":\"\",\"status\":\"publish\","
                + "\"image\":{\"src\":\"https://example.com/s.jpg\"},\"manage_stock\":false,\"stock_quantity\":null,"
                + "\"date_modified_gmt\":\"2026-01-01T00:00:00\"}").getBytes(StandardCharsets.UTF_8);
        hub.wooWebhook("product.updated", "d-var", variation, SECRET);
        HubClient.await(Duration.ofSeconds(10), "variation linked", () -> hub.get("/api/v1/products?sku=SHARED-S").json()
                .get("items").get(0).get("links").size() == 2);
        JsonNode p = hub.get("/api/v1/products?sku=SHARED-S").json().get("items").get(0);
        assertThat(p.get("tags").toString()).isEqualTo("[\"example\",\"mens\",\"t-shirt\"]");
        assertThat(p.get("imageUrl").asText()).isEqualTo("https://example.com/s.jpg");
        assertThat(hub.get("/api/v1/conflicts?productId=" + p.get("id").asLong()).json().toString()).doesNotContain("\"tags\"");
    }

    @Test
    void theUnsignedCreationPingGets200AndStoresNothing() {
        Response ping = hub.send("/webhooks/woocommerce", "webhook_id=42".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertThat(ping.status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Long.class)).isZero();
    }

    @Test
    void anUnsignedDeliveryThatIsNoPingIs401() {
        Response r = hub.send("/webhooks/woocommerce", SAMPLE, Map.of("Content-Type", "application/json",
                "X-WC-Webhook-Topic", "product.updated"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM inbox", Long.class)).isZero();
    }
}
