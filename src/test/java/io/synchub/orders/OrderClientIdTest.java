package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders addressed by the client's own order id (API paths, SSE and poll filters, event payloads), the hub id still valid. */
class OrderClientIdTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private Response create(String orderID, String origin) {
        return hub.post("/api/v1/orders", """
                {"orderID":"%s","origin":"%s","currency":"EUR","lines":[{"sku":"WASH-1","quantity":1,"price":"12.00"}],
                 "totals":{"total":12.00}}""".formatted(orderID, origin));
    }

    @Test
    void anOrderIsAddressedByItsOwnIdEverywhereAndEventsCarryIt() {
        long start = currentEventId();
        Response created = create("ORDER-001", "POS");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        assertThat(created.json().get("orderID").asText()).isEqualTo("ORDER-001");

        assertThat(hub.get("/api/v1/orders/ORDER-001").json().get("id").asLong()).isEqualTo(id);
        assertThat(hub.get("/api/v1/orders/" + id).json().get("orderID").asText()).as("the hub id still works").isEqualTo("ORDER-001");
        assertThat(hub.get("/api/v1/orders/ORDER-404").status()).isEqualTo(404);

        try (SseTestClient client = sse("?orderID=ORDER-001", Long.toString(start))) {
            assertThat(client.next(WAIT).name()).isEqualTo("connected");
            Event createdEvent = client.next(WAIT);
            assertThat(createdEvent.name()).isEqualTo("order_created");
            assertThat(json(createdEvent).get("orderID").asText()).isEqualTo("ORDER-001");

            assertThat(hub.post("/api/v1/orders/ORDER-001/stage", "{\"stage\":\"confirmed\"}").status()).isEqualTo(200);
            Event stage = client.next(WAIT);
            assertThat(stage.name()).isEqualTo("stage_change");
            JsonNode e = json(stage);
            assertThat(e.fieldNames()).toIterable().containsExactly("eventType", "data", "orderID", "timestamp");
            assertThat(e.get("eventType").asText()).isEqualTo("stage_change");
            assertThat(e.get("orderID").asText()).isEqualTo("ORDER-001");
            assertThat(e.get("data").get("previousStage").asText()).isEqualTo("pending");
            assertThat(e.get("data").get("newStage").asText()).isEqualTo("confirmed");
            assertThat(e.get("data").get("order").get("orderID").asText()).isEqualTo("ORDER-001");
            assertThat(Long.parseLong(stage.id())).as("the SSE id stays the durable sequence").isGreaterThan(Long.parseLong(createdEvent.id()));
        }
        JsonNode polled = hub.get("/api/v1/sync/events/poll?since=" + start + "&orderID=ORDER-001").json().get("items");
        assertThat(polled).hasSize(3); // order_created, stage_change, order_stage_change
        assertThat(hub.get("/api/v1/sync/events/poll?since=" + start + "&orderID=" + id).json().get("items"))
                .as("the hub id filters the same events").isEqualTo(polled);

        assertThat(hub.post("/api/v1/orders/ORDER-001/payment", "{\"paymentStatus\":\"paid\"}").json().get("paymentStatus").asText())
                .isEqualTo("paid");
        assertThat(hub.delete("/api/v1/orders/ORDER-001").status()).isEqualTo(204);
        assertThat(hub.get("/api/v1/orders/ORDER-001").status()).isEqualTo(404);
    }

    @Test
    void theSameIdFromTwoSourcesIsTwoOrdersAndAddressingItByThatIdIs409() {
        long pos = create("ORDER-7", "POS").json().get("id").asLong();
        Response again = create("ORDER-7", "POS");
        assertThat(again.status()).as("a retry answers the stored order").isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(pos);
        long admin = create("ORDER-7", "ADMIN").json().get("id").asLong();
        assertThat(admin).isNotEqualTo(pos);
        Response ambiguous = hub.get("/api/v1/orders/ORDER-7");
        assertThat(ambiguous.status()).isEqualTo(409);
        assertThat(ambiguous.json().get("message").asText()).contains(Long.toString(pos), Long.toString(admin));
        assertThat(hub.get("/api/v1/orders/" + admin).json().get("origin").asText()).isEqualTo("ADMIN");
        assertThat(hub.post("/api/v1/orders", """
                {"orderID":"bad id","currency":"EUR","lines":[{"sku":"A","quantity":1,"price":1}],"totals":{"total":1}}""").status())
                .isEqualTo(422);
    }

    @Test
    void anOrderSentWithoutItsOwnIdIsKnownByTheHubId() {
        long id = createOrder("EXT-1", "SKU-1");
        assertThat(hub.get("/api/v1/orders/" + id).json().get("orderID").asText()).isEqualTo(Long.toString(id));
    }

    private static JsonNode json(Event e) {
        return CanonicalJson.parse(e.data());
    }
}
