package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Signed Shopify and WooCommerce order webhooks through the inbox and the real mappings into the central store. */
class OrderWebhookTest extends OrderTestSupport {

    private static final byte[] SHOPIFY_ORDER = testFixture("shopify/orders_create.json");
    private static final byte[] WOO_ORDER = testFixture("woocommerce/order.created.json");

    @Test
    void theSignedShopifyOrdersCreateSampleCreatesTheOrderWithExactIds() {
        // the product the second line refers to (variant 642667041472713922) is known from the products sample
        hub.shopifyWebhook("products/update", "evt-p", HubClient.fixture("shopify/products_update.json"), SECRET);
        HubClient.await(Duration.ofSeconds(10), "products stored", () -> count("products") == 2);

        try (SseTestClient dashboard = sse("?eventTypes=order_created")) {
            assertThat(dashboard.next(Duration.ofSeconds(10)).name()).isEqualTo("connected");
            Response r = hub.shopifyWebhook("orders/create", "evt-o1", SHOPIFY_ORDER, SECRET);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("status").asText()).isEqualTo("accepted");

            SseTestClient.Event created = dashboard.next(Duration.ofSeconds(10));
            assertThat(created.name()).isEqualTo("order_created");
            long id = OrderEventStreamTest.json(created).get("orderID").asLong();
            JsonNode o = hub.get("/api/v1/orders/" + id).json();
            assertThat(o.get("origin").asText()).isEqualTo("SHOPIFY");
            assertThat(o.get("externalId").asText()).isEqualTo("820982911946154508");
            assertThat(o.get("orderNumber").asText()).isEqualTo("#9999");
            assertThat(o.get("customerRef").asText()).isEqualTo("115310627314723954");
            assertThat(o.get("currency").asText()).isEqualTo("USD");
            assertThat(o.get("paymentStatus").asText()).isEqualTo("paid");
            assertThat(o.get("stage").asText()).isEqualTo("pending");
            assertThat(o.get("test").asBoolean()).isFalse();
            assertThat(o.get("totals").get("total").decimalValue()).isEqualByComparingTo("388.00");
            assertThat(o.get("totals").get("shipping").decimalValue()).isEqualByComparingTo("10.00");
            JsonNode lines = o.get("lines");
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0).get("sku").asText()).isEqualTo("IPOD2008PINK");
            assertThat(lines.get(0).get("externalLineId").asText()).isEqualTo("866550311766439020");
            assertThat(lines.get(0).get("variantId").asText()).isEqualTo("808950810000000123");
            assertThat(lines.get(0).get("price").decimalValue()).isEqualByComparingTo("199.00");
            assertThat(lines.get(1).get("variantId").asText()).isEqualTo("642667041472713922");
            assertThat(lines.get(1).get("productId").isNull()).as("linked to the hub's product by the variant link").isFalse();
        }
    }

    @Test
    void aRepeatedDeliveryIsADuplicateAndARepeatedCreateUpdatesTheSameOrder() {
        hub.shopifyWebhook("orders/create", "evt-d1", SHOPIFY_ORDER, SECRET);
        long id = awaitOrder("SHOPIFY", "820982911946154508");
        assertThat(hub.shopifyWebhook("orders/create", "evt-d1", SHOPIFY_ORDER, SECRET).json().get("status").asText()).isEqualTo("duplicate");
        // a second subscription (another event id) delivering the same order: still one order, no second order_created
        hub.shopifyWebhook("orders/create", "evt-d2", SHOPIFY_ORDER, SECRET);
        HubClient.await(Duration.ofSeconds(10), "second delivery processed",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 2);
        assertThat(count("orders")).isEqualTo(1);
        assertThat(types(id)).containsExactly("order_created");
    }

    @Test
    void shopifyUpdatesMoveTheOrderAndStaleOnesAreSkipped() {
        hub.shopifyWebhook("orders/create", "evt-u0", SHOPIFY_ORDER, SECRET);
        long id = awaitOrder("SHOPIFY", "820982911946154508");
        String fulfilled = new String(SHOPIFY_ORDER, StandardCharsets.UTF_8)
                .replace("\"fulfillment_status\": null,\n  \"landing_site\"", "\"fulfillment_status\": \"fulfilled\",\n  \"landing_site\"")
                .replace("\"updated_at\": \"2021-12-31T19:00:00-05:00\",\n  \"user_id\"", "\"updated_at\": \"2022-01-02T10:00:00-05:00\",\n  \"user_id\"");
        assertThat(fulfilled).contains("\"fulfillment_status\": \"fulfilled\"").contains("2022-01-02T10:00:00-05:00");
        hub.shopifyWebhook("orders/updated", "evt-u1", fulfilled.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "order shipped", () -> "shipped".equals(stage(id)));
        assertThat(types(id)).containsExactly("order_created", "stage_change", "order_stage_change", "status_update");

        // an older update arriving late (refunded at an earlier updated_at) changes nothing
        String stale = new String(SHOPIFY_ORDER, StandardCharsets.UTF_8).replace("\"financial_status\": \"paid\"", "\"financial_status\": \"refunded\"")
                .replace("\"updated_at\": \"2021-12-31T19:00:00-05:00\",\n  \"user_id\"", "\"updated_at\": \"2022-01-01T10:00:00-05:00\",\n  \"user_id\"");
        hub.shopifyWebhook("orders/updated", "evt-u2", stale.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "stale update processed",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 3);
        assertThat(hub.get("/api/v1/orders/" + id).json().get("paymentStatus").asText()).isEqualTo("paid");
        assertThat(types(id)).hasSize(4);
    }

    @Test
    void shopifyCancelledAndDeletedOrders() {
        hub.shopifyWebhook("orders/create", "evt-c0", SHOPIFY_ORDER, SECRET);
        long id = awaitOrder("SHOPIFY", "820982911946154508");
        String cancelled = new String(SHOPIFY_ORDER, StandardCharsets.UTF_8)
                .replace("\"cancelled_at\": null", "\"cancelled_at\": \"2022-01-03T09:00:00-05:00\"")
                .replace("\"financial_status\": \"paid\"", "\"financial_status\": \"refunded\"")
                .replace("\"updated_at\": \"2021-12-31T19:00:00-05:00\",\n  \"user_id\"", "\"updated_at\": \"2022-01-03T09:00:00-05:00\",\n  \"user_id\"");
        assertThat(hub.shopifyWebhook("orders/cancelled", "evt-c1", cancelled.getBytes(StandardCharsets.UTF_8), SECRET).json()
                .get("status").asText()).isEqualTo("accepted");
        HubClient.await(Duration.ofSeconds(10), "order cancelled", () -> "cancelled".equals(stage(id)));
        assertThat(types(id)).containsExactly("order_created", "stage_change", "order_stage_change", "payment_update");

        byte[] delete = "{\"id\":820982911946154508}".getBytes(StandardCharsets.UTF_8);
        assertThat(hub.shopifyWebhook("orders/delete", "evt-c2", delete, SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "order deleted", () -> hub.get("/api/v1/orders/" + id).status() == 404);
        assertThat(types(id)).endsWith("order_deleted");
    }

    @Test
    void aShopifyTestOrderIsStoredFlaggedAsTest() {
        byte[] test = new String(SHOPIFY_ORDER, StandardCharsets.UTF_8).replace("\"test\": false", "\"test\": true").getBytes(StandardCharsets.UTF_8);
        hub.shopifyWebhook("orders/create", "evt-t", test, SECRET);
        long id = awaitOrder("SHOPIFY", "820982911946154508");
        assertThat(hub.get("/api/v1/orders/" + id).json().get("test").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT data FROM order_events WHERE order_id = ?", String.class, id)).contains("\"test\":true");
    }

    @Test
    void wooCommerceOrderCreatedAndUpdated() {
        Response r = hub.wooWebhook("order.created", "d-1", WOO_ORDER, SECRET);
        assertThat(r.status()).isEqualTo(200);
        long id = awaitOrder("WOOCOMMERCE", "727");
        JsonNode o = hub.get("/api/v1/orders/" + id).json();
        assertThat(o.get("stage").asText()).isEqualTo("processing");
        assertThat(o.get("paymentStatus").asText()).isEqualTo("paid");
        assertThat(o.get("customerRef").isNull()).as("a guest order").isTrue();
        assertThat(o.get("totals").get("total").decimalValue()).isEqualByComparingTo("29.35");
        assertThat(o.get("lines").get(0).get("sku").isNull()).isTrue();
        assertThat(o.get("lines").get(1).get("sku").asText()).isEqualTo("Bar3");
        assertThat(o.get("lines").get(1).get("variantId").asText()).isEqualTo("23");
        assertThat(o.get("lines").get(1).get("price").decimalValue()).isEqualByComparingTo("12");

        String completed = new String(WOO_ORDER, StandardCharsets.UTF_8).replace("\"status\": \"processing\"", "\"status\": \"completed\"")
                .replace("\"date_modified_gmt\": \"2017-03-22T19:28:08\"", "\"date_modified_gmt\": \"2017-03-23T08:00:00\"");
        hub.wooWebhook("order.updated", "d-2", completed.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "woo order completed", () -> "shipped".equals(stage(id)));
        assertThat(types(id)).containsExactly("order_created", "stage_change", "order_stage_change");
        assertThat(count("orders")).isEqualTo(1);
    }

    private long awaitOrder(String origin, String externalId) {
        HubClient.await(Duration.ofSeconds(10), origin + " order " + externalId, () -> !jdbc.queryForList(
                "SELECT id FROM orders WHERE origin = ? AND external_id = ?", Long.class, origin, externalId).isEmpty());
        return jdbc.queryForObject("SELECT id FROM orders WHERE origin = ? AND external_id = ?", Long.class, origin, externalId);
    }

    private String stage(long id) {
        return hub.get("/api/v1/orders/" + id).json().get("stage").asText();
    }

    private List<String> types(long orderId) {
        return jdbc.queryForList("SELECT event_type FROM order_events WHERE order_id = ? ORDER BY id", String.class, orderId);
    }

    private long count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
