package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.admin.AdminSimulator;
import io.platformsim.core.RecordedRequest;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders created in the hub reach the admin panel simulator through the outbox, over real HTTP. */
@TestPropertySource(properties = {"ADMIN_API_KEY=admin-sim-key", "ADMIN_TIMEOUT=800ms",
        "synchub.outbox.retry.initial-delay=200ms", "synchub.outbox.poll-delay-ms=100",
        "ADMIN_POLL_INITIAL_DELAY=1h", "synchub.holds.validate-interval=1h"})
class AdminOrdersTest extends HubTestSupport {

    static final AdminSimulator ADMIN = new AdminSimulator(0, "admin-sim-key").start();

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("ADMIN_BASE_URL", ADMIN::baseUrl);
    }

    @AfterEach
    void healthyAdmin() {
        ADMIN.faults().clear();
        ADMIN.requests().clear();
    }

    private long apiOrder(String externalId) {
        HubClient.Response r = hub.post("/api/v1/orders", """
                {"origin":"POS","externalId":"%s","currency":"EUR","customerRef":"C-7",
                 "lines":[{"sku":"SCARF-1","quantity":2,"price":"9.95"}],"totals":{"total":19.90}}""".formatted(externalId));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asLong();
    }

    private static List<JsonNode> adminOrders(String externalId) {
        return ADMIN.orders().stream().map(o -> (JsonNode) o.get("order"))
                .filter(o -> externalId.equals(o.path("externalId").asText())).toList();
    }

    private static List<RecordedRequest> posts(String externalId) {
        return ADMIN.requests().matching(r -> r.is("POST", "/api/orders") && r.body().contains("\"" + externalId + "\""));
    }

    private void awaitJobDone(long orderId) {
        HubClient.await(Duration.ofSeconds(10), "the admin job of order " + orderId + " finished",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE entity_type = 'order' AND entity_id = ? "
                        + "AND status IN ('completed', 'failed')", Long.class, Long.toString(orderId)) == 1);
    }

    @Test
    void anApiOrderReachesTheAdminPanelOnceWithItsIdempotencyKey() throws Exception {
        long id = apiOrder("POS-ADM-1");
        HubClient.await(Duration.ofSeconds(10), "order in the admin panel", () -> adminOrders("POS-ADM-1").size() == 1);
        awaitJobDone(id);
        Thread.sleep(600); // several dispatcher ticks: nothing is sent again
        assertThat(posts("POS-ADM-1")).hasSize(1);
        RecordedRequest sent = posts("POS-ADM-1").get(0);
        assertThat(sent.headers().get("idempotency-key")).isNotBlank();
        JsonNode order = adminOrders("POS-ADM-1").get(0);
        assertThat(order.get("hubOrderId").asText()).isEqualTo(Long.toString(id));
        assertThat(order.get("origin").asText()).isEqualTo("POS");
        assertThat(order.get("currency").asText()).isEqualTo("EUR");
        assertThat(order.get("lines").get(0).get("sku").asText()).isEqualTo("SCARF-1");
        assertThat(order.get("lines").get(0).get("quantity").asInt()).isEqualTo(2);
        String adminId = jdbc.queryForObject("SELECT admin_order_id FROM admin_orders WHERE order_id = ?", String.class, id);
        assertThat(ADMIN.orders().stream().map(o -> o.get("orderId").asText())).contains(adminId);
    }

    @Test
    void aSignedShopifyOrderReachesTheAdminPanelOnce() throws Exception {
        HubClient.Response r = hub.shopifyWebhook("orders/create", "evt-admin-1", HubClient.fixture("shopify/orders_create.json"), SECRET);
        assertThat(r.status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the shop's order in the admin panel",
                () -> adminOrders("820982911946154508").size() == 1);
        long id = jdbc.queryForObject("SELECT id FROM orders WHERE origin = 'SHOPIFY'", Long.class);
        awaitJobDone(id);
        // the same delivery again is a duplicate, and another subscription's delivery updates the same order: no second push
        hub.shopifyWebhook("orders/create", "evt-admin-1", HubClient.fixture("shopify/orders_create.json"), SECRET);
        hub.shopifyWebhook("orders/create", "evt-admin-2", HubClient.fixture("shopify/orders_create.json"), SECRET);
        HubClient.await(Duration.ofSeconds(10), "second delivery processed",
                () -> jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'", Long.class) == 2);
        Thread.sleep(600);
        assertThat(posts("820982911946154508")).hasSize(1);
        JsonNode order = adminOrders("820982911946154508").get(0);
        assertThat(order.get("origin").asText()).isEqualTo("SHOPIFY");
        assertThat(order.get("orderNumber").asText()).isEqualTo("#9999");
        assertThat(order.get("lines")).hasSize(2);
    }

    @Test
    void aFailedAttemptIsRetriedWithTheSameKeyAndDeliveredOnce() {
        ADMIN.faults().failNext(1, 500);
        long id = apiOrder("POS-ADM-500");
        HubClient.await(Duration.ofSeconds(10), "order in the admin panel after a retry", () -> adminOrders("POS-ADM-500").size() == 1);
        awaitJobDone(id);
        List<RecordedRequest> attempts = ADMIN.requests().matching("POST", "/api/orders");
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).status()).isEqualTo(500);
        assertThat(attempts.get(1).status()).isEqualTo(201);
        assertThat(attempts.get(1).headers().get("idempotency-key")).isEqualTo(attempts.get(0).headers().get("idempotency-key"));
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox WHERE entity_type = 'order' AND entity_id = ?", Integer.class,
                Long.toString(id))).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letters", Long.class)).isZero();
    }

    @Test
    void aRefusalGoesToTheDeadLettersAndIsNotRetried() throws Exception {
        ADMIN.faults().failNext(1, 422);
        long id = apiOrder("POS-ADM-422");
        awaitJobDone(id);
        Thread.sleep(600);
        assertThat(ADMIN.requests().matching("POST", "/api/orders")).hasSize(1);
        assertThat(adminOrders("POS-ADM-422")).isEmpty();
        Map<String, Object> dead = jdbc.queryForMap("SELECT * FROM dead_letters WHERE entity_type = 'order' AND entity_id = ?",
                Long.toString(id));
        assertThat(dead.get("target")).isEqualTo("ADMIN");
        assertThat(dead.get("error_class")).isEqualTo("validation");
        assertThat(String.valueOf(dead.get("reason"))).contains("422");
        JsonNode listed = hub.get("/api/v1/dead-letters").json();
        assertThat(listed.toString()).contains("\"target\":\"ADMIN\"");

        // fixed at the panel, the operator replays it: delivered once
        long deadId = ((Number) dead.get("id")).longValue();
        assertThat(hub.post("/api/v1/dead-letters/" + deadId + "/replay", "").status()).isLessThan(300);
        HubClient.await(Duration.ofSeconds(10), "replayed order in the admin panel", () -> adminOrders("POS-ADM-422").size() == 1);
    }

    @Test
    void testOrdersAndThePanelsOwnOrdersAreNotSentBack() throws Exception {
        HubClient.Response own = hub.post("/api/v1/orders", """
                {"origin":"ADMIN","externalId":"ADM-OWN-1","currency":"EUR",
                 "lines":[{"sku":"SCARF-1","quantity":1,"price":"9.95"}],"totals":{"total":9.95}}""");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        long posId = apiOrder("POS-ADM-AFTER");
        HubClient.await(Duration.ofSeconds(10), "the later order in the admin panel", () -> adminOrders("POS-ADM-AFTER").size() == 1);
        assertThat(adminOrders("ADM-OWN-1")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE entity_type = 'order' AND target = 'ADMIN'", Long.class))
                .isEqualTo(1);
        awaitJobDone(posId);
    }
}
