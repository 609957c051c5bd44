package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Integration status events published over the API reach stream subscribers; anything else is refused and stores nothing. */
class PublishedEventsTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aWhatsappConnectedEventPublishedByApiReachesSubscribers() {
        hub.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-020", ""));
        try (SseTestClient all = sse("?eventTypes=whatsapp_connected,qr_generated"); SseTestClient order = sse("?orderID=ORDER-020")) {
            assertThat(all.next(WAIT).name()).isEqualTo("connected");
            assertThat(order.next(WAIT).name()).isEqualTo("connected");
            Response r = hub.post("/api/v1/sync/events", """
                    {"eventType":"whatsapp_connected","data":{"phone":"+4915112345678","status":"connected"}}""");
            assertThat(r.status()).isEqualTo(201);
            Event e = all.next(WAIT);
            assertThat(e.name()).isEqualTo("whatsapp_connected");
            assertThat(e.id()).isEqualTo(r.json().get("id").asText());
            JsonNode j = CanonicalJson.parse(e.data());
            assertThat(j.get("data").get("status").asText()).isEqualTo("connected");
            assertThat(j.get("orderID").isNull()).isTrue();

            assertThat(hub.post("/api/v1/sync/events", """
                    {"eventType":"qr_generated","orderID":"ORDER-020","data":{"qr":"ax://pay/ORDER-020"}}""").status()).isEqualTo(201);
            Event qr = all.next(WAIT);
            assertThat(qr.name()).isEqualTo("qr_generated");
            Event forOrder = order.next(WAIT);
            assertThat(forOrder.name()).as("linked to the known order, so the order's filter sees it").isEqualTo("qr_generated");
            assertThat(CanonicalJson.parse(forOrder.data()).get("orderID").asText()).isEqualTo("ORDER-020");
        }
    }

    @Test
    void anUnknownTypeIs422AndBadOrOversizedBodiesStoreNothing() {
        long before = jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class);
        Response unknown = hub.post("/api/v1/sync/events", "{\"eventType\":\"stage_change\",\"data\":{}}");
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("message").asText()).contains("qr_generated", "whatsapp_connected");
        assertThat(hub.post("/api/v1/sync/events", "{\"eventType\":\"rocket_launched\"}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/sync/events", "{\"eventType\":\"qr_generated\",\"data\":[1]}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/sync/events", "{\"eventType\":\"qr_generated\",\"orderID\":\"a b\"}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/sync/events", "{\"eventType\":\"qr_generated\",\"extra\":1}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/sync/events", "{\"eventType\":").status()).isEqualTo(400);
        Response big = hub.post("/api/v1/sync/events", "{\"eventType\":\"qr_generated\",\"data\":{\"x\":\"" + "a".repeat(20_000) + "\"}}");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.json().get("error").asText()).isEqualTo("payload_too_large");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class)).isEqualTo(before);
    }
}
