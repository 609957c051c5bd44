package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An AX Billing order dashboard against the hub: its own order ids, its workflow, its EventSource with Last-Event-ID. */
class AxBillingWorkflowTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static String axOrder(String orderID, String extra) {
        return """
                {"orderID":"%s","origin":"AX_BILLING","currency":"EUR","customerRef":"CAR-B-123",
                 "lines":[{"sku":"WASH-PREMIUM","quantity":1,"price":"25.00"}],"totals":{"total":25.00}%s}""".formatted(orderID, extra);
    }

    @Test
    void aDashboardFollowsOrder001ThroughItsStagesAndCatchesUpAfterReconnecting() {
        long start = currentEventId();
        Response created = hub.post("/api/v1/orders", axOrder("ORDER-001", ",\"stage\":\"initiated\""));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("workflow").asText()).as("by its source").isEqualTo("ax-billing");
        assertThat(created.json().get("stage").asText()).isEqualTo("initiated");
        assertThat(created.json().get("allowedStages").toString()).isEqualTo("[\"in_progress\",\"cancelled\"]");

        String lastSeen;
        try (SseTestClient dashboard = sse("?orderID=ORDER-001&eventTypes=stage_change", Long.toString(start))) {
            assertThat(dashboard.next(WAIT).name()).isEqualTo("connected");
            JsonNode opened = json(dashboard.next(WAIT));
            assertThat(opened.get("data").get("previousStage").asText()).as("created at initiated: the move from empty").isEqualTo("empty");
            assertThat(opened.get("data").get("newStage").asText()).isEqualTo("initiated");

            assertThat(hub.post("/api/v1/orders/ORDER-001/stage", "{\"stage\":\"in_progress\"}").status()).isEqualTo(200);
            Event working = dashboard.next(WAIT);
            JsonNode e = json(working);
            // exactly the seed's event format
            assertThat(e.fieldNames()).toIterable().containsExactly("eventType", "data", "orderID", "timestamp");
            assertThat(e.get("eventType").asText()).isEqualTo("stage_change");
            assertThat(e.get("orderID").asText()).isEqualTo("ORDER-001");
            assertThat(e.get("data").get("previousStage").asText()).isEqualTo("initiated");
            assertThat(e.get("data").get("newStage").asText()).isEqualTo("in_progress");
            assertThat(e.get("data").get("order").get("orderID").asText()).isEqualTo("ORDER-001");
            assertThat(java.time.Instant.parse(e.get("timestamp").asText())).isNotNull();
            lastSeen = working.id();
        }
        // the dashboard is closed while the order completes; it reconnects with Last-Event-ID and gets what it missed
        assertThat(hub.post("/api/v1/orders/ORDER-001/stage", "{\"stage\":\"completed\"}").status()).isEqualTo(200);
        try (SseTestClient again = sse("?orderID=ORDER-001&eventTypes=stage_change", lastSeen)) {
            assertThat(again.next(WAIT).name()).isEqualTo("connected");
            Event done = again.next(WAIT);
            assertThat(Long.parseLong(done.id())).isGreaterThan(Long.parseLong(lastSeen));
            assertThat(json(done).get("data").get("previousStage").asText()).isEqualTo("in_progress");
            assertThat(json(done).get("data").get("newStage").asText()).isEqualTo("completed");
            assertThat(again.drain(Duration.ofMillis(800))).isEmpty();
        }

        Response illegal = hub.post("/api/v1/orders/ORDER-001/stage", "{\"stage\":\"initiated\"}");
        assertThat(illegal.status()).isEqualTo(409);
        assertThat(illegal.json().get("error").asText()).isEqualTo("invalid_transition");
        assertThat(illegal.json().get("message").asText()).contains("completed", "none (final stage)");
        assertThat(hub.get("/api/v1/orders/ORDER-001").json().get("stage").asText()).isEqualTo("completed");
    }

    @Test
    void anAxOrderStartsEmptyAndAMoveOutsideItsWorkflowIs409ListingTheAllowedOnes() {
        Response created = hub.post("/api/v1/orders", axOrder("ORDER-002", ""));
        assertThat(created.json().get("stage").asText()).isEqualTo("empty");
        List<String> types = new ArrayList<>();
        jdbc.queryForList("SELECT event_type FROM order_events WHERE order_ref = 'ORDER-002' ORDER BY id", String.class).forEach(types::add);
        assertThat(types).containsExactly("order_created");

        Response skip = hub.post("/api/v1/orders/ORDER-002/stage", "{\"stage\":\"completed\"}");
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.json().get("message").asText()).contains("allowed from empty: initiated, cancelled");
        Response shopStage = hub.post("/api/v1/orders/ORDER-002/stage", "{\"stage\":\"shipped\"}");
        assertThat(shopStage.status()).as("a stage of another workflow is no stage of this one").isEqualTo(422);
        assertThat(shopStage.json().get("message").asText()).contains("empty, initiated, in_progress, completed, cancelled");
        assertThat(hub.post("/api/v1/orders/ORDER-002/stage", "{\"stage\":\"cancelled\"}").status()).isEqualTo(200);

        // the workflow may be named explicitly, whatever the source
        Response named = hub.post("/api/v1/orders", axOrder("ORDER-003", ",\"workflow\":\"ax-billing\"").replace("AX_BILLING", "POS"));
        assertThat(named.json().get("workflow").asText()).isEqualTo("ax-billing");
        assertThat(named.json().get("stage").asText()).isEqualTo("empty");
        Response unknown = hub.post("/api/v1/orders", axOrder("ORDER-004", ",\"workflow\":\"laundry\""));
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("message").asText()).contains("'workflow' must be one of ax-billing, ecommerce");
        Response wrongStage = hub.post("/api/v1/orders", axOrder("ORDER-005", ",\"stage\":\"pending\""));
        assertThat(wrongStage.status()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders WHERE order_ref IN ('ORDER-004', 'ORDER-005')", Long.class)).isZero();

        JsonNode health = CanonicalJson.parse(hub.getAsScraper("/actuator/health").body());
        assertThat(health.get("components").get("orderWorkflows").get("details").get("valid").asBoolean()).isTrue();
    }

    @Test
    void theOrderListShowsExactlyTheOpenAxOrdersAndTheSeedAliasAnswersTheSame() {
        hub.post("/api/v1/orders", axOrder("ORDER-010", ",\"stage\":\"in_progress\""));
        hub.post("/api/v1/orders", axOrder("ORDER-011", ",\"stage\":\"initiated\""));
        hub.post("/api/v1/orders", axOrder("ORDER-012", ",\"stage\":\"in_progress\""));
        hub.post("/api/v1/orders", axOrder("ORDER-013", ",\"stage\":\"completed\""));
        createOrder("SHOP-1", "SKU-1");

        JsonNode list = hub.get("/api/v1/orders?stage=in_progress").json();
        assertThat(list.get("total").asLong()).isEqualTo(2);
        assertThat(list.get("items").findValuesAsText("orderID")).containsExactly("ORDER-010", "ORDER-012");
        assertThat(list.get("limit").asInt()).isEqualTo(50);
        assertThat(list.get("offset").asInt()).isZero();
        Response alias = hub.get("/api/orders?stage=in_progress");
        assertThat(alias.status()).isEqualTo(200);
        assertThat(alias.json().get("items")).isEqualTo(list.get("items"));

        assertThat(hub.get("/api/v1/orders?source=ax_billing").json().get("total").asLong()).isEqualTo(4);
        assertThat(hub.get("/api/v1/orders").json().get("total").asLong()).isEqualTo(5);
        assertThat(hub.get("/api/v1/orders?q=order-01&limit=2&offset=2").json().get("items").findValuesAsText("orderID"))
                .containsExactly("ORDER-012", "ORDER-013");
        assertThat(hub.get("/api/v1/orders?updatedSince=2999-01-01T00:00:00Z").json().get("total").asLong()).isZero();
        assertThat(hub.get("/api/v1/orders?updatedSince=yesterday").status()).isEqualTo(400);
        assertThat(hub.get("/api/v1/orders?limit=0").status()).isEqualTo(400);
        assertThat(hub.getWithoutKey("/api/orders").status()).isEqualTo(401);
    }

    private static JsonNode json(Event e) {
        return CanonicalJson.parse(e.data());
    }
}
