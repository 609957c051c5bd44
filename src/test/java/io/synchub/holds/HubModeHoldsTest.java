package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub as inventory authority: real HTTP, a real database (H2 or PostgreSQL), concurrent clients. */
@TestPropertySource(properties = "synchub.holds.authority=hub")
class HubModeHoldsTest extends HubTestSupport {

    private void product(String sku, int available) {
        HubClient.Response r = hub.post("/api/v1/products", "{\"sku\":\"" + sku + "\",\"name\":\"Shirt " + sku + "\",\"available\":" + available + "}");
        assertThat(r.status()).as(r.body()).isIn(200, 201);
    }

    private long available(String sku) {
        HubClient.Response r = hub.get("/api/v1/availability?skus=" + sku);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode item = r.json().get("items").get(0);
        assertThat(item.get("sku").asText()).isEqualTo(sku);
        return item.get("available").asLong();
    }

    private HubClient.Response hold(String body, String idempotencyKey) {
        Map<String, String> headers = idempotencyKey == null
                ? Map.of("X-API-Key", API_KEY, "Content-Type", "application/json")
                : Map.of("X-API-Key", API_KEY, "Content-Type", "application/json", "Idempotency-Key", idempotencyKey);
        return hub.send("/api/v1/holds", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    void hundredConcurrentOneUnitHoldsOnTenUnitsReserveExactlyTen() throws Exception {
        product("TEE-10", 10);
        ExecutorService pool = Executors.newFixedThreadPool(100);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<HubClient.Response>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                String body = "{\"items\":[{\"sku\":\"TEE-10\",\"quantity\":1}],\"sessionId\":\"s-" + i + "\"}";
                answers.add(pool.submit(() -> {
                    go.await();
                    return hold(body, null);
                }));
            }
            go.countDown();
            List<String> created = new ArrayList<>();
            int refused = 0;
            for (Future<HubClient.Response> f : answers) {
                HubClient.Response r = f.get();
                if (r.status() == 201) {
                    created.add(r.json().get("holdId").asText());
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(409);
                    assertThat(r.json().get("error").asText()).isEqualTo("insufficient_inventory");
                    refused++;
                }
            }
            assertThat(created).hasSize(10).doesNotHaveDuplicates();
            assertThat(refused).isEqualTo(90);
            assertThat(available("TEE-10")).isZero();

            HubClient.Response released = hub.delete("/api/v1/holds/" + created.get(0));
            assertThat(released.status()).as(released.body()).isEqualTo(200);
            assertThat(released.json().get("status").asText()).isEqualTo("released");
            assertThat(available("TEE-10")).isEqualTo(1);
            // releasing again is safe and gives nothing back twice
            assertThat(hub.delete("/api/v1/holds/" + created.get(0)).status()).isEqualTo(200);
            assertThat(available("TEE-10")).isEqualTo(1);
            assertThat(hub.get("/api/v1/holds?status=active").json().get("total").asLong()).isEqualTo(9);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aShortHoldIsRefusedWith409NamingEachShortItemAndNothingIsReserved() {
        product("CAP-1", 1);
        product("BAG-5", 5);
        HubClient.Response r = hold("{\"items\":[{\"sku\":\"BAG-5\",\"quantity\":2},{\"sku\":\"CAP-1\",\"quantity\":3}]}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        JsonNode items = r.json().get("items");
        assertThat(items).hasSize(2);
        assertThat(items.get(0).get("sku").asText()).isEqualTo("BAG-5");
        assertThat(items.get(0).get("ok").asBoolean()).isTrue();
        assertThat(items.get(1).get("sku").asText()).isEqualTo("CAP-1");
        assertThat(items.get(1).get("available").asLong()).isEqualTo(1);
        assertThat(items.get(1).get("requested").asLong()).isEqualTo(3);
        assertThat(items.get(1).get("ok").asBoolean()).isFalse();
        assertThat(available("BAG-5")).isEqualTo(5);
        assertThat(hub.get("/api/v1/holds").json().get("total").asLong()).isZero();

        HubClient.Response post = hub.post("/api/v1/availability", "{\"items\":[{\"sku\":\"BAG-5\",\"quantity\":5},{\"sku\":\"CAP-1\",\"quantity\":2}]}");
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.json().get("items").get(0).get("ok").asBoolean()).isTrue();
        assertThat(post.json().get("items").get(1).get("ok").asBoolean()).isFalse();
        assertThat(post.json().get("items").get(1).get("requested").asLong()).isEqualTo(2);
    }

    @Test
    void invalidHoldsAre422AndChangeNothing() {
        product("SOCK-3", 3);
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\",\"quantity\":0}]}", null).status()).isEqualTo(422);
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\",\"quantity\":-1}]}", null).status()).isEqualTo(422);
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\",\"quantity\":1.5}]}", null).status()).isEqualTo(422);
        HubClient.Response unknown = hold("{\"items\":[{\"sku\":\"NOPE\",\"quantity\":1}]}", null);
        assertThat(unknown.status()).isEqualTo(422);
        assertThat(unknown.json().get("message").asText()).contains("NOPE");
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\",\"quantity\":1}],\"durationSeconds\":59}", null).status()).isEqualTo(422);
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\",\"quantity\":1}],\"durationSeconds\":7201}", null).status()).isEqualTo(422);
        assertThat(hold("{\"items\":[]}", null).status()).isEqualTo(422);
        assertThat(hold("{\"items\":[{\"sku\":\"SOCK-3\"", null).status()).isEqualTo(400);
        assertThat(hub.get("/api/v1/holds/hold_nothing").status()).isEqualTo(404);
        assertThat(hub.get("/api/v1/holds").json().get("total").asLong()).isZero();
        assertThat(available("SOCK-3")).isEqualTo(3);
    }

    @Test
    void aRetriedCreateWithTheSameIdempotencyKeyIsTheSameHold() {
        product("HAT-4", 4);
        String body = "{\"items\":[{\"sku\":\"HAT-4\",\"quantity\":2}],\"sessionId\":\"sess-1\",\"customerId\":\"cust-1\","
                + "\"outfitId\":\"outfit-9\",\"durationSeconds\":1800,\"metadata\":{\"channel\":\"web\"}}";
        HubClient.Response first = hold(body, "key-123");
        HubClient.Response again = hold(body, "key-123");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        JsonNode h = first.json();
        assertThat(again.json().get("holdId").asText()).isEqualTo(h.get("holdId").asText());
        assertThat(available("HAT-4")).isEqualTo(2);

        assertThat(h.get("status").asText()).isEqualTo("active");
        assertThat(h.get("expiresAt").asText()).endsWith("Z");
        java.time.Instant expires = java.time.Instant.parse(h.get("expiresAt").asText());
        java.time.Instant created = java.time.Instant.parse(h.get("createdAt").asText());
        // the hub's expiry is the buffer (1m) before the authority's 30 minutes
        assertThat(java.time.Duration.between(created, expires).getSeconds()).isBetween(1738L, 1741L);
        assertThat(h.get("metadata").get("channel").asText()).isEqualTo("web");

        JsonNode list = hub.get("/api/v1/holds?sessionId=sess-1&customerId=cust-1").json();
        assertThat(list.get("total").asLong()).isEqualTo(1);
        assertThat(list.get("limit").asInt()).isEqualTo(50);
        assertThat(list.get("items").get(0).get("outfitId").asText()).isEqualTo("outfit-9");
        assertThat(hub.get("/api/v1/holds?sessionId=other").json().get("total").asLong()).isZero();

        String id = h.get("holdId").asText();
        HubClient.Response confirmed = hub.post("/api/v1/holds/" + id + "/confirm", "");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("confirmed");
        assertThat(confirmed.json().get("expiresAt").isNull()).isTrue();
        assertThat(hub.delete("/api/v1/holds/" + id).json().get("status").asText()).as("a confirmed hold stays confirmed").isEqualTo("confirmed");

        JsonNode history = hub.get("/api/v1/holds/" + id + "/history").json().get("items");
        List<String> actions = new ArrayList<>();
        history.forEach(e -> actions.add(e.get("action").asText()));
        assertThat(actions).containsExactly("created", "confirmed", "release_repeated");
        assertThat(history.get(0).get("actor").asText()).startsWith("api-key:").doesNotContain(API_KEY);
        assertThat(history.get(0).get("at").asText()).isNotBlank();
    }

    @Test
    void aConfirmedHoldsUnitsStayTakenUntilTheNextStockUpdate() {
        HubClient.Response created = hub.post("/api/v1/products", "{\"sku\":\"COAT-5\",\"name\":\"Coat\",\"available\":5}");
        assertThat(created.status()).as(created.body()).isIn(200, 201);
        long id = created.json().get("id").asLong();
        String holdId = hold("{\"items\":[{\"sku\":\"COAT-5\",\"quantity\":2}]}", null).json().get("holdId").asText();
        assertThat(available("COAT-5")).isEqualTo(3);
        HubClient.Response confirmed = hub.post("/api/v1/holds/" + holdId + "/confirm", "");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        // the order took the units, the stored level still counts them: they cannot be held again
        assertThat(available("COAT-5")).isEqualTo(3);
        HubClient.Response tooMany = hold("{\"items\":[{\"sku\":\"COAT-5\",\"quantity\":4}]}", null);
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(409);
        assertThat(tooMany.json().get("items").get(0).get("available").asLong()).isEqualTo(3);
        // the stock feed reports the level after the sale: it counts them now
        assertThat(hub.patch("/api/v1/products/" + id, "{\"available\":3}").status()).isEqualTo(200);
        assertThat(available("COAT-5")).isEqualTo(3);
        assertThat(hold("{\"items\":[{\"sku\":\"COAT-5\",\"quantity\":3}]}", null).status()).isEqualTo(201);
        assertThat(available("COAT-5")).isZero();
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherRequestIs422AndReservesNothing() {
        product("CAP-6", 6);
        String body = "{\"items\":[{\"sku\":\"CAP-6\",\"quantity\":2}],\"sessionId\":\"s-k\",\"metadata\":{\"a\":1}}";
        HubClient.Response first = hold(body, "key-reuse");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        // the same request with its fields in another order is a retry, not another request
        HubClient.Response retried = hold("{\"metadata\":{\"a\":1},\"sessionId\":\"s-k\",\"items\":[{\"quantity\":2,\"sku\":\"CAP-6\"}]}", "key-reuse");
        assertThat(retried.status()).as(retried.body()).isEqualTo(201);
        assertThat(retried.json().get("holdId").asText()).isEqualTo(first.json().get("holdId").asText());
        for (String other : List.of(
                "{\"items\":[{\"sku\":\"CAP-6\",\"quantity\":3}],\"sessionId\":\"s-k\",\"metadata\":{\"a\":1}}",
                "{\"items\":[{\"sku\":\"CAP-6\",\"quantity\":2}],\"sessionId\":\"s-other\",\"metadata\":{\"a\":1}}",
                "{\"items\":[{\"sku\":\"CAP-6\",\"quantity\":2}],\"sessionId\":\"s-k\",\"metadata\":{\"a\":2}}",
                "{\"items\":[{\"sku\":\"CAP-6\",\"quantity\":2}],\"sessionId\":\"s-k\",\"metadata\":{\"a\":1},\"durationSeconds\":600}")) {
            HubClient.Response r = hold(other, "key-reuse");
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.json().get("error").asText()).isEqualTo("idempotency_key_reused");
        }
        assertThat(available("CAP-6")).isEqualTo(4);
        assertThat(hub.get("/api/v1/holds?sessionId=s-k").json().get("total").asLong()).isEqualTo(1);
        assertThat(hub.get("/api/v1/holds?sessionId=s-other").json().get("total").asLong()).isZero();
    }
}
