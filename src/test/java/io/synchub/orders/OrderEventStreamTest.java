package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The order-event stream as a dashboard sees it: real SSE clients over real sockets against the whole hub. */
class OrderEventStreamTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aClientFollowingOrderXSeesItsEventsWithIdsAndNothingAboutOrderY() {
        long start = currentEventId();
        try (SseTestClient everything = sse("")) {
            Event hello = everything.next(WAIT);
            assertThat(hello.name()).isEqualTo("connected");
            long x = createOrder("X-1", "SKU-X");
            long y = createOrder("Y-1", "SKU-Y");
            Event createdLive = everything.next(WAIT);
            assertThat(createdLive.name()).isEqualTo("order_created");
            assertThat(json(createdLive).get("orderID").asLong()).isEqualTo(x);

            // the dashboard opens order X (its creation is replayed from where it started), then X and Y change
            try (SseTestClient client = sse("?orderID=" + x + "&lastEventId=" + start)) {
                Event connected = client.next(WAIT);
                assertThat(connected.name()).isEqualTo("connected");
                assertThat(connected.id()).isEqualTo(Long.toString(start));
                assertThat(connected.retry()).as("retry: advice").isEqualTo(3000L);
                JsonNode c = json(connected);
                assertThat(c.get("eventType").asText()).isEqualTo("connected");
                assertThat(c.get("data").get("filter").get("orderID").asLong()).isEqualTo(x);

                Event created = client.next(WAIT);
                assertThat(created.name()).isEqualTo("order_created");
                assertThat(created.id()).isEqualTo(createdLive.id());
                JsonNode createdJson = json(created);
                assertThat(createdJson.fieldNames()).toIterable().containsExactly("eventType", "data", "orderID", "timestamp");
                assertThat(createdJson.get("orderID").asLong()).isEqualTo(x);
                assertThat(createdJson.get("data").get("order").get("externalId").asText()).isEqualTo("X-1");

                assertThat(hub.post("/api/v1/orders/" + y + "/stage", "{\"stage\":\"confirmed\"}").status()).isEqualTo(200);
                assertThat(hub.post("/api/v1/orders/" + x + "/stage", "{\"stage\":\"confirmed\"}").status()).isEqualTo(200);
                assertThat(hub.post("/api/v1/orders/" + y + "/payment", "{\"paymentStatus\":\"paid\"}").status()).isEqualTo(200);
                assertThat(hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"paid\"}").status()).isEqualTo(200);

                Event stage = client.next(WAIT);
                assertThat(stage.name()).isEqualTo("stage_change");
                JsonNode stageData = json(stage).get("data");
                assertThat(stageData.get("previousStage").asText()).isEqualTo("pending");
                assertThat(stageData.get("newStage").asText()).isEqualTo("confirmed");
                Event listForm = client.next(WAIT);
                assertThat(listForm.name()).isEqualTo("order_stage_change");
                assertThat(json(listForm).get("data").get("order").get("stage").asText()).isEqualTo("confirmed");
                Event payment = client.next(WAIT);
                assertThat(payment.name()).isEqualTo("payment_update");
                assertThat(json(payment).get("data").get("newStatus").asText()).isEqualTo("paid");

                List<Long> ids = List.of(Long.parseLong(created.id()), Long.parseLong(stage.id()), Long.parseLong(listForm.id()),
                        Long.parseLong(payment.id()));
                assertThat(ids).isSorted().doesNotHaveDuplicates();
                List<Event> more = client.drain(Duration.ofMillis(1500));
                assertThat(more).as("nothing about order Y").isEmpty();
            }
        }
    }

    @Test
    void aClientThatReconnectsWithLastEventIdGetsExactlyTheThreeEventsItMissedInOrder() {
        long x = createOrder("R-1", "SKU-R");
        String lastSeen;
        try (SseTestClient client = sse("?orderID=" + x)) {
            assertThat(client.next(WAIT).name()).isEqualTo("connected");
            hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"authorized\"}");
            lastSeen = client.next(WAIT).id();
        }
        hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"paid\"}");
        hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"partially_refunded\"}");
        hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"refunded\"}");

        // the header (what EventSource sends) wins over a stale query parameter
        try (SseTestClient again = sse("?orderID=" + x + "&lastEventId=0", lastSeen)) {
            Event connected = again.next(WAIT);
            assertThat(connected.name()).isEqualTo("connected");
            assertThat(connected.id()).isEqualTo(lastSeen);
            List<String> statuses = new java.util.ArrayList<>();
            List<Long> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Event e = again.next(WAIT);
                assertThat(e.name()).isEqualTo("payment_update");
                statuses.add(json(e).get("data").get("newStatus").asText());
                ids.add(Long.parseLong(e.id()));
            }
            assertThat(statuses).containsExactly("paid", "partially_refunded", "refunded");
            assertThat(ids).isSorted().allMatch(id -> id > Long.parseLong(lastSeen));
            assertThat(again.drain(Duration.ofMillis(1500))).as("exactly those three").isEmpty();
            Event beat = again.next(WAIT, e -> e.name().equals("heartbeat"));
            assertThat(Long.parseLong(beat.id())).as("a heartbeat's id resumes after what was passed").isGreaterThanOrEqualTo(ids.get(2));
        }
    }

    @Test
    void pollingWithSinceReturnsTheSameEventsAsTheStream() {
        long start = currentEventId();
        long x = createOrder("P-1", "SKU-P");
        hub.post("/api/v1/orders/" + x + "/stage", "{\"stage\":\"processing\"}");
        hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"paid\"}");
        List<Event> streamed;
        try (SseTestClient client = sse("?orderID=" + x, Long.toString(start))) {
            assertThat(client.next(WAIT).name()).isEqualTo("connected");
            streamed = List.of(client.next(WAIT), client.next(WAIT), client.next(WAIT), client.next(WAIT));
        }
        JsonNode polled = hub.get("/api/v1/sync/events/poll?since=" + start + "&orderID=" + x).json();
        assertThat(polled.get("items")).hasSize(4);
        assertThat(polled.get("hasMore").asBoolean()).isFalse();
        for (int i = 0; i < 4; i++) {
            JsonNode item = polled.get("items").get(i);
            assertThat(item.get("id").asText()).isEqualTo(streamed.get(i).id());
            JsonNode withoutId = item.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) withoutId).remove("id");
            assertThat(withoutId).isEqualTo(json(streamed.get(i)));
        }
        assertThat(polled.get("lastEventId").asText()).isEqualTo(streamed.get(3).id());

        JsonNode onlyPayments = hub.get("/api/v1/sync/events/poll?since=" + start + "&orderID=" + x + "&eventTypes=payment_update").json();
        assertThat(onlyPayments.get("items")).hasSize(1);
        assertThat(onlyPayments.get("items").get(0).get("eventType").asText()).isEqualTo("payment_update");

        JsonNode paged = hub.get("/api/v1/sync/events/poll?since=" + start + "&orderID=" + x + "&limit=3").json();
        assertThat(paged.get("items")).hasSize(3);
        assertThat(paged.get("hasMore").asBoolean()).isTrue();
        assertThat(paged.get("lastEventId").asText()).isEqualTo(streamed.get(2).id());
    }

    @Test
    void aClientBehindTheRetentionIsToldToReload() {
        long start = currentEventId();
        long x = createOrder("OLD-1", "SKU-O");
        hub.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"paid\"}");
        jdbc.update("UPDATE order_events SET created_at = ? WHERE order_id = ?",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(25))), x);
        long now = currentEventId();
        try (SseTestClient client = sse("", Long.toString(start))) {
            assertThat(client.next(WAIT).name()).isEqualTo("connected");
            Event refresh = client.next(WAIT);
            assertThat(refresh.name()).isEqualTo("polling_data_refresh");
            assertThat(refresh.id()).isEqualTo(Long.toString(now));
            assertThat(json(refresh).get("data").get("reason").asText()).contains("reload");
            assertThat(client.drain(Duration.ofMillis(800))).as("no replay of expired events").isEmpty();
            hub.post("/api/v1/orders/" + x + "/stage", "{\"stage\":\"confirmed\"}");
            assertThat(client.next(WAIT).name()).as("live again after the refresh").isEqualTo("stage_change");
        }
        JsonNode polled = hub.get("/api/v1/sync/events/poll?since=" + start).json();
        assertThat(polled.get("items").get(0).get("eventType").asText()).isEqualTo("polling_data_refresh");

        try (SseTestClient future = sse("", "999999999")) {
            assertThat(future.next(WAIT).name()).isEqualTo("connected");
            assertThat(future.next(WAIT).name()).as("an id the hub never handed out").isEqualTo("polling_data_refresh");
        }
    }

    @Test
    void heartbeatsCarryIdsAndBadParametersAre400() {
        try (SseTestClient client = sse("?eventTypes=payment_update")) {
            assertThat(client.next(WAIT).name()).isEqualTo("connected");
            Event beat = client.next(WAIT, e -> e.name().equals("heartbeat"));
            assertThat(beat.id()).isNotBlank();
            assertThat(json(beat).get("eventType").asText()).isEqualTo("heartbeat");
        }
        HubClient.Response bad = hub.get("/api/v1/sync/events?eventTypes=order_exploded");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("payment_update");
        assertThat(hub.get("/api/v1/sync/events/poll?since=abc").status()).isEqualTo(400);
        assertThat(hub.get("/api/v1/sync/events?orderID=1%27%20OR%201=1").status()).isEqualTo(400);
        assertThat(hub.getWithoutKey("/api/v1/sync/events").status()).isEqualTo(401);
        try (SseTestClient browser = sse("?orderID=a%22b")) {
            assertThat(browser.status()).as("an EventSource (Accept: text/event-stream) gets the error status too").isEqualTo(400);
        }
    }

    @Test
    void pollingIsRateLimitedPerClientWithRetryAfter() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + "/api/v1/sync/events/poll?since=0"))
                .header("X-API-Key", API_KEY).build();
        java.net.http.HttpResponse<String> limited = null;
        for (int i = 0; i < 200 && limited == null; i++) {
            var r = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 429) {
                limited = r;
            } else {
                assertThat(r.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("a client polling in a tight loop is limited").isNotNull();
        assertThat(CanonicalJson.parse(limited.body()).get("error").asText()).isEqualTo("rate_limited");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        Thread.sleep(4000); // the bucket refills for the next test
    }

    static JsonNode json(Event e) {
        return CanonicalJson.parse(e.data());
    }
}
