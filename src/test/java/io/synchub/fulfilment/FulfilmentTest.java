package io.synchub.fulfilment;

import io.synchub.platform.jtl.JtlOutboundFeed;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.canonical.CanonicalJson;
import io.synchub.outbound.OutboundTestSupport;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Orders to JTL-FFN fulfilment and back: the signed Shopify orders/create sample becomes an outbound at the (fake)
 * FFN, the FFN's outbound updates feed reporting it shipped becomes a status_update event and a fulfillmentCreate at
 * the (fake) Shopify; WooCommerce orders are completed; test orders stay home; a replayed feed page changes nothing.
 */
class FulfilmentTest extends OutboundTestSupport {

    private static final String OUTBOUNDS = "/api/v1/merchant/outbounds";
    private static final String UPDATES = "/api/v1/merchant/outbounds/updates";
    private static final String SHOPIFY_ORDER_ID = "820982911946154508";

    @Autowired
    JtlOutboundFeed feed;

    @Test
    void aShopifyOrderIsShippedThroughJtlAndReportedBackToShopify() {
        // the order's second line has no SKU in Shopify; its variant is linked to a hub product that has one
        seedProduct("IPOD2008BLACK", "{}", "SHOPIFY:632910392:642667041472713922");
        JTL.stubFor(post(urlEqualTo(OUTBOUNDS)).willReturn(status(201).withBody(
                "{\"outboundId\":\"OUT-1\",\"status\":\"Pending\",\"merchantOutboundNumber\":\"x\"}")));

        assertThat(hub.shopifyWebhook("orders/create", "evt-f1", shopifyOrder(false), SECRET).status()).isEqualTo(200);
        long id = awaitOrder("shopify order stored", SHOPIFY_ORDER_ID);
        HubClient.await(Duration.ofSeconds(15), "the outbound stored on the order",
                () -> count("SELECT COUNT(*) FROM order_outbounds WHERE order_id = ? AND outbound_id = 'OUT-1'", id) == 1);

        List<LoggedRequest> creates = requests(JTL).stream().filter(r -> r.getUrl().equals(OUTBOUNDS)).toList();
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).getHeader("Authorization")).isEqualTo("Bearer jtl-access");
        JsonNode outbound = CanonicalJson.parse(creates.get(0).getBodyAsString());
        assertThat(outbound.get("merchantOutboundNumber").asText()).isEqualTo(Long.toString(id));
        assertThat(outbound.get("externalNumber").asText()).isEqualTo("#9999");
        assertThat(outbound.get("items")).hasSize(2);
        assertThat(outbound.get("items").get(0).get("merchantSku").asText()).isEqualTo("IPOD2008PINK");
        assertThat(outbound.get("items").get(0).get("quantity").asInt()).isEqualTo(1);
        assertThat(outbound.get("items").get(1).get("merchantSku").asText()).isEqualTo("IPOD2008BLACK");
        assertThat(outbound.get("items").get(1).get("quantity").asInt()).isEqualTo(1);
        JsonNode address = outbound.get("shippingAddress");
        assertThat(address.get("street").asText()).isEqualTo("123 Shipping Street");
        assertThat(address.get("city").asText()).isEqualTo("Shippington");
        assertThat(address.get("zip").asText()).isEqualTo("40003");
        assertThat(address.get("country").asText()).isEqualTo("US");
        assertThat(address.get("lastname").asText()).isEqualTo("Shipper");
        assertThat(address.has("addition")).as("a missing value is left out, not sent as null").isFalse();
        assertThat(hub.get("/api/v1/orders/" + id).json().get("fulfilmentStatus").asText()).isEqualTo("pending");

        // the FFN reports the outbound acknowledged, then shipped, over two pages; an outbound the hub did not create is ignored
        stubUpdatesPage(1, "\"moreDataAvailable\":true,\"nextChunkUrl\":\"/api/v1/merchant/outbounds/updates?page=2\"",
                update("OUT-1", id, "Acknowledged", "2026-11-22T01:00:00.000+00:00"), update("FOREIGN-9", 4242, "Shipped", "2026-11-22T01:00:01.000+00:00"));
        stubUpdatesPage(2, "\"moreDataAvailable\":false", update("OUT-1", id, "Shipped", "2026-11-22T01:05:00.000+00:00"));
        stubShopifyFulfillment();

        assertThat(feed.poll()).contains("2 page(s), 3 update(s), 2 applied");
        assertThat(feed.cursor()).isEqualTo("2026-11-22T01:10:00Z");
        JsonNode events = hub.get("/api/v1/sync/events/poll?since=0&orderID=" + id + "&eventTypes=status_update").json().get("items");
        assertThat(StreamSupport.stream(events.spliterator(), false).map(e -> e.get("data").get("newStatus").asText()).toList())
                .containsExactly("pending", "acknowledged", "shipped");
        JsonNode shipped = events.get(2);
        assertThat(shipped.get("eventType").asText()).isEqualTo("status_update");
        // a shop order is known to dashboards by its id at the shop
        assertThat(shipped.get("orderID").asText()).isEqualTo(hub.get("/api/v1/orders/" + id).json().get("externalId").asText());
        assertThat(shipped.get("data").get("origin").asText()).isEqualTo("JTL");

        HubClient.await(Duration.ofSeconds(15), "the fulfilment pushed to Shopify", () -> fulfillmentCreates().size() == 1);
        awaitNoOpenJobs();
        LoggedRequest create = fulfillmentCreates().get(0);
        assertThat(create.getUrl()).isEqualTo(SHOPIFY_GRAPHQL);
        assertThat(create.getHeader("X-Shopify-Access-Token")).isEqualTo(SHOPIFY_TOKEN);
        JsonNode fulfillment = CanonicalJson.parse(create.getBodyAsString()).get("variables").get("fulfillment");
        assertThat(fulfillment.get("lineItemsByFulfillmentOrder")).hasSize(1);
        assertThat(fulfillment.get("lineItemsByFulfillmentOrder").get(0).get("fulfillmentOrderId").asText()).isEqualTo("gid://shopify/FulfillmentOrder/1");
        LoggedRequest query = requests(SHOPIFY).stream().filter(r -> r.getBodyAsString().contains("fulfillmentOrders")).findFirst().orElseThrow();
        assertThat(CanonicalJson.parse(query.getBodyAsString()).get("variables").get("id").asText()).isEqualTo("gid://shopify/Order/" + SHOPIFY_ORDER_ID);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE entity_type = 'order' AND entity_id = ? AND status = 'completed'", Long.toString(id))).isEqualTo(2);

        // the same pages again (a replay after a crash before the cursor moved, or an overlapping window): nothing changes
        long eventsBefore = count("SELECT COUNT(*) FROM order_events WHERE order_id = ?", id);
        long jobsBefore = count("SELECT COUNT(*) FROM outbox");
        assertThat(feed.poll()).contains("3 update(s), 0 applied");
        assertThat(count("SELECT COUNT(*) FROM order_events WHERE order_id = ?", id)).isEqualTo(eventsBefore);
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(jobsBefore);
        assertThat(fulfillmentCreates()).hasSize(1);
        assertThat(hub.get("/api/v1/orders/" + id).json().get("fulfilmentStatus").asText()).isEqualTo("shipped");
    }

    @Test
    void aTestOrderCreatesNoOutbound() {
        JTL.stubFor(post(urlEqualTo(OUTBOUNDS)).willReturn(status(201).withBody("{\"outboundId\":\"OUT-T\",\"status\":\"Pending\"}")));
        hub.shopifyWebhook("orders/create", "evt-t1", shopifyOrder(true), SECRET);
        long id = awaitOrder("test order stored", SHOPIFY_ORDER_ID);
        assertThat(hub.get("/api/v1/orders/" + id).json().get("test").asBoolean()).isTrue();
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE entity_type = 'order'")).as("planned in the creating transaction, so none now means none").isZero();
        assertThat(count("SELECT COUNT(*) FROM order_outbounds")).isZero();
        assertThat(requests(JTL).stream().filter(r -> r.getUrl().equals(OUTBOUNDS))).isEmpty();
    }

    @Test
    void aRetriedCreateThatJtlAlreadyHasAdoptsTheExistingOutbound() {
        JTL.stubFor(post(urlEqualTo(OUTBOUNDS)).willReturn(status(409).withBody(
                "{\"outboundId\":\"OUT-EXISTING\",\"status\":\"Acknowledged\",\"merchantOutboundNumber\":\"x\"}")));
        hub.shopifyWebhook("orders/create", "evt-c1", shopifyOrder(false), SECRET);
        long id = awaitOrder("shopify order stored", SHOPIFY_ORDER_ID);
        HubClient.await(Duration.ofSeconds(15), "the existing outbound adopted",
                () -> count("SELECT COUNT(*) FROM order_outbounds WHERE order_id = ? AND outbound_id = 'OUT-EXISTING'", id) == 1);
        awaitNoOpenJobs();
        assertThat(count("SELECT COUNT(*) FROM dead_letters")).isZero();
        assertThat(hub.get("/api/v1/orders/" + id).json().get("fulfilmentStatus").asText()).isEqualTo("acknowledged");

        // Shopify, not yet fulfilled, reports the order again without a fulfilment status: the warehouse's status stays
        String later = new String(shopifyOrder(false), StandardCharsets.UTF_8).replace("\"updated_at\": \"2021-12-31T19:00:00-05:00\",\n  \"user_id\"",
                "\"updated_at\": \"2022-01-02T10:00:00-05:00\",\n  \"user_id\"");
        assertThat(later).contains("2022-01-02T10:00:00-05:00");
        hub.shopifyWebhook("orders/updated", "evt-c2", later.getBytes(StandardCharsets.UTF_8), SECRET);
        HubClient.await(Duration.ofSeconds(10), "the update processed",
                () -> count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") == 2);
        assertThat(hub.get("/api/v1/orders/" + id).json().get("fulfilmentStatus").asText()).isEqualTo("acknowledged");
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE entity_type = 'order'")).as("an update plans no second outbound").isEqualTo(1);
    }

    @Test
    void aShippedWooCommerceOrderIsCompletedInWooCommerce() {
        JTL.stubFor(post(urlEqualTo(OUTBOUNDS)).willReturn(status(201).withBody("{\"outboundId\":\"OUT-W\",\"status\":\"Pending\"}")));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/orders/727")).willReturn(okJson("{\"id\":727,\"status\":\"completed\"}")));
        hub.wooWebhook("order.created", "dlv-w1", testFixture("woocommerce/order.created.json"), SECRET);
        long id = awaitOrder("woo order stored", "727");
        HubClient.await(Duration.ofSeconds(15), "the outbound stored", () -> count("SELECT COUNT(*) FROM order_outbounds WHERE order_id = ?", id) == 1);
        JsonNode outbound = CanonicalJson.parse(requests(JTL).stream().filter(r -> r.getUrl().equals(OUTBOUNDS)).findFirst().orElseThrow().getBodyAsString());
        assertThat(outbound.get("items")).hasSize(1);
        assertThat(outbound.get("items").get(0).get("merchantSku").asText()).isEqualTo("Bar3");
        assertThat(outbound.get("shippingAddress").get("city").asText()).isEqualTo("San Francisco");

        stubUpdatesPage(1, "\"moreDataAvailable\":false", update("OUT-W", id, "Shipped", "2026-11-22T01:05:00.000+00:00"));
        feed.poll();
        HubClient.await(Duration.ofSeconds(15), "the order completed in WooCommerce",
                () -> requests(WOO).stream().anyMatch(r -> r.getUrl().equals("/wp-json/wc/v3/orders/727")));
        LoggedRequest completed = requests(WOO).stream().filter(r -> r.getUrl().equals("/wp-json/wc/v3/orders/727")).findFirst().orElseThrow();
        assertThat(completed.getMethod().getName()).isEqualTo("PUT");
        assertThat(CanonicalJson.parse(completed.getBodyAsString()).get("status").asText()).isEqualTo("completed");
        assertThat(completed.getHeader("Authorization")).startsWith("Basic ");
    }

    // --- fakes ---

    private void stubUpdatesPage(int page, String paging, String... updates) {
        JTL.stubFor(get(urlPathEqualTo(UPDATES)).withQueryParam("page", equalTo(Integer.toString(page)))
                .willReturn(okJson("{\"from\":\"2026-11-22T00:00:00.000+00:00\",\"to\":\"2026-11-22T01:10:00.000+00:00\"," + paging
                        + ",\"data\":[" + String.join(",", updates) + "]}")));
    }

    private static String update(String outboundId, long orderId, String status, String updatedAt) {
        return "{\"outboundId\":\"" + outboundId + "\",\"merchantOutboundNumber\":\"" + orderId + "\",\"status\":\"" + status
                + "\",\"modificationInfo\":{\"createdAt\":\"2026-11-22T00:59:00.000+00:00\",\"updatedAt\":\"" + updatedAt + "\",\"state\":\"Modified\"}}";
    }

    private void stubShopifyFulfillment() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(containing("fulfillmentOrders")).willReturn(okJson(
                "{\"data\":{\"order\":{\"id\":\"gid://shopify/Order/" + SHOPIFY_ORDER_ID + "\",\"fulfillmentOrders\":{\"nodes\":["
                        + "{\"id\":\"gid://shopify/FulfillmentOrder/1\",\"status\":\"OPEN\"},"
                        + "{\"id\":\"gid://shopify/FulfillmentOrder/2\",\"status\":\"CLOSED\"}]}}}}")));
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(containing("fulfillmentCreate")).willReturn(okJson(
                "{\"data\":{\"fulfillmentCreate\":{\"fulfillment\":{\"id\":\"gid://shopify/Fulfillment/9\",\"status\":\"SUCCESS\"},\"userErrors\":[]}}}")));
    }

    private List<LoggedRequest> fulfillmentCreates() {
        return requests(SHOPIFY).stream().filter(r -> r.getBodyAsString().contains("fulfillmentCreate")).toList();
    }

    private long awaitOrder(String what, String externalId) {
        HubClient.await(Duration.ofSeconds(15), what, () -> count("SELECT COUNT(*) FROM orders WHERE external_id = ?", externalId) == 1);
        return count("SELECT id FROM orders WHERE external_id = ?", externalId);
    }

    private static byte[] shopifyOrder(boolean test) {
        String json = new String(testFixture("shopify/orders_create.json"), StandardCharsets.UTF_8);
        if (test) {
            String flagged = json.replace("\"test\": false,", "\"test\": true,");
            assertThat(flagged).isNotEqualTo(json);
            json = flagged;
        }
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] testFixture(String relative) {
        try {
            return Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
