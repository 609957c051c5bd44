package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** POST/GET/DELETE /api/v1/orders and the stage and payment endpoints over real HTTP, with their events in the table. */
class OrderApiTest extends OrderTestSupport {

    private static final String ORDER = """
            {"origin":"POS","clientId":"default","externalId":"POS-1001","orderNumber":"1001","customerRef":"C-77",
             "currency":"EUR","lines":[{"sku":"TEE-S","quantity":2,"price":"19.90","title":"T-Shirt S"},
                                       {"sku":"MUG","quantity":1,"price":7.5}],
             "totals":{"subtotal":"47.30","tax":0,"shipping":4.9,"total":"52.20"},"paymentStatus":"paid"}""";

    @Test
    void anOrderFromAnotherSourceIsCreatedAndReadBack() {
        Response r = hub.post("/api/v1/orders", ORDER);
        assertThat(r.status()).isEqualTo(201);
        JsonNode o = r.json();
        long id = o.get("id").asLong();
        assertThat(o.get("origin").asText()).isEqualTo("POS");
        assertThat(o.get("externalId").asText()).isEqualTo("POS-1001");
        assertThat(o.get("stage").asText()).isEqualTo("pending");
        assertThat(o.get("paymentStatus").asText()).isEqualTo("paid");
        assertThat(o.get("lines")).hasSize(2);
        assertThat(o.get("lines").get(0).get("price").decimalValue()).isEqualByComparingTo("19.90");
        assertThat(o.get("lines").get(1).get("quantity").asInt()).isEqualTo(1);
        assertThat(o.get("totals").get("total").decimalValue()).isEqualByComparingTo("52.20");
        assertThat(o.get("allowedStages").toString()).contains("confirmed", "processing", "cancelled");

        JsonNode read = hub.get("/api/v1/orders/" + id).json();
        assertThat(read).isEqualTo(o);
        assertThat(events(id)).containsExactly("order_created");
    }

    @Test
    void theSameOrderSentAgainIsNotASecondOrderAndDifferentContentIs409() {
        long id = hub.post("/api/v1/orders", ORDER).json().get("id").asLong();
        Response again = hub.post("/api/v1/orders", ORDER);
        assertThat(again.status()).as("a retry answers the stored order").isEqualTo(200);
        assertThat(again.json().get("id").asLong()).isEqualTo(id);
        Response changed = hub.post("/api/v1/orders", ORDER.replace("\"quantity\":2", "\"quantity\":3"));
        assertThat(changed.status()).isEqualTo(409);
        assertThat(changed.json().get("message").asText()).contains("already exists as order " + id);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class)).isEqualTo(1);
        assertThat(events(id)).containsExactly("order_created");
    }

    @Test
    void anInvalidOrderIs422NamingEveryProblemAndStoresNothing() {
        Response r = hub.post("/api/v1/orders", """
                {"currency":"euro","lines":[{"quantity":0,"price":"abc"}],"totals":{},"stage":"teleported"}""");
        assertThat(r.status()).isEqualTo(422);
        String message = r.json().get("message").asText();
        assertThat(message).contains("'currency'", "'lines[0].sku' is required", "'lines[0].quantity'", "'lines[0].price'",
                "'totals.total' is required", "'stage' must be one of");
        assertThat(hub.post("/api/v1/orders", "{\"lines\": [").status()).isEqualTo(400);
        assertThat(hub.post("/api/v1/orders", "{\"currency\":\"EUR\",\"lines\":[],\"totals\":{\"total\":1}}").status()).isEqualTo(422);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM orders", Long.class)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM order_events", Long.class)).isZero();
    }

    @Test
    void stagesMoveOnlyAlongAllowedTransitionsAndAnImpossibleOneIs409WithTheAllowedOnes() {
        long id = createOrder("S-1", "SKU-S");
        Response skip = hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"delivered\"}");
        assertThat(skip.status()).isEqualTo(409);
        assertThat(skip.json().get("error").asText()).isEqualTo("invalid_transition");
        assertThat(skip.json().get("message").asText()).contains("pending", "confirmed, processing, cancelled");

        assertThat(hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"processing\"}").json().get("stage").asText()).isEqualTo("processing");
        assertThat(hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"processing\"}").status()).as("no change, no event").isEqualTo(200);
        assertThat(hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"cancelled\"}").status()).isEqualTo(200);
        Response fromFinal = hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"pending\"}");
        assertThat(fromFinal.status()).isEqualTo(409);
        assertThat(fromFinal.json().get("message").asText()).contains("none (final stage)");
        assertThat(hub.post("/api/v1/orders/" + id + "/stage", "{\"stage\":\"warp\"}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/orders/999999/stage", "{\"stage\":\"confirmed\"}").status()).isEqualTo(404);

        assertThat(events(id)).containsExactly("order_created", "stage_change", "order_stage_change", "stage_change", "order_stage_change");
        JsonNode stage = jdbcEvent(id, 2);
        assertThat(stage.get("previousStage").asText()).isEqualTo("pending");
        assertThat(stage.get("newStage").asText()).isEqualTo("processing");
    }

    @Test
    void paymentUpdatesAndDeletionAreEvents() {
        long id = createOrder("D-1", "SKU-D");
        Response paid = hub.post("/api/v1/orders/" + id + "/payment", "{\"paymentStatus\":\"paid\"}");
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.json().get("paymentStatus").asText()).isEqualTo("paid");
        assertThat(hub.post("/api/v1/orders/" + id + "/payment", "{\"paymentStatus\":\"rich\"}").status()).isEqualTo(422);

        assertThat(hub.delete("/api/v1/orders/" + id).status()).isEqualTo(204);
        assertThat(hub.get("/api/v1/orders/" + id).status()).isEqualTo(404);
        assertThat(hub.delete("/api/v1/orders/" + id).status()).isEqualTo(404);
        assertThat(events(id)).containsExactly("order_created", "payment_update", "order_deleted");
        assertThat(hub.post("/api/v1/orders", """
                {"origin":"ADMIN","externalId":"D-1","currency":"EUR","customerRef":"C-1",
                 "lines":[{"sku":"SKU-D","quantity":2,"price":"9.95"}],"totals":{"total":19.90}}""").status())
                .as("a deleted order is not silently re-created").isEqualTo(409);
    }

    private java.util.List<String> events(long orderId) {
        return jdbc.queryForList("SELECT event_type FROM order_events WHERE order_id = ? ORDER BY id", String.class, orderId);
    }

    private JsonNode jdbcEvent(long orderId, int index) {
        return io.synchub.canonical.CanonicalJson.parse(jdbc.queryForList("SELECT data FROM order_events WHERE order_id = ? ORDER BY id",
                String.class, orderId).get(index - 1));
    }
}
