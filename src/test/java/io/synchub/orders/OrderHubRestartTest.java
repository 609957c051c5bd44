package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub as a separate process, killed with SIGKILL and started again on the same database: a dashboard that
 * reconnects with Last-Event-ID receives exactly the events it missed, some written before the kill, some after.
 */
class OrderHubRestartTest {

    private static final String KEY = "restart-test-key";

    @TempDir
    Path dir;
    private HubProcess hub;

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aDashboardReplaysExactlyWhatItMissedAcrossAKill9() throws Exception {
        int port = HubProcess.freePort();
        java.util.Map<String, String> props = new java.util.HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", KEY);
        props.put("synchub.api-key-file", dir.resolve("api-key").toString());
        props.put("synchub.inbox.poll-delay-ms", "50");
        props.put("synchub.order-events.heartbeat", "1s");
        String base = "http://localhost:" + port;
        HubClient api = new HubClient(base, KEY);
        hub = HubProcess.start(port, props, dir.resolve("first.log"));
        awaitRoutes(api);

        HubClient.Response created = api.post("/api/v1/orders", """
                {"origin":"ADMIN","externalId":"K9-%d","currency":"EUR","lines":[{"sku":"K9","quantity":1,"price":"5.00"}],
                 "totals":{"total":"5.00"}}""".formatted(System.nanoTime()));
        assertThat(created.status()).isEqualTo(201);
        long x = created.json().get("id").asLong();
        String lastSeen;
        try (SseTestClient dashboard = SseTestClient.connect(base + "/api/v1/sync/events?orderID=" + x + "&lastEventId=0", KEY, null)) {
            assertThat(dashboard.next(Duration.ofSeconds(20)).name()).isIn("connected");
            SseTestClient.Event first = dashboard.next(Duration.ofSeconds(20));
            if (first.name().equals("polling_data_refresh")) { // a database shared with earlier runs: start after now
                api.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"pending\"}");
            }
            api.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"authorized\"}");
            lastSeen = dashboard.next(Duration.ofSeconds(20), e -> e.name().equals("payment_update")).id();
        }
        // two events while the dashboard is away, then the hub dies mid-flight
        assertThat(api.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"paid\"}").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/orders/" + x + "/stage", "{\"stage\":\"confirmed\"}").status()).isEqualTo(200);
        hub.kill();

        hub = HubProcess.start(port, props, dir.resolve("second.log"));
        awaitRoutes(api);
        HubClient.Response refunded = api.post("/api/v1/orders/" + x + "/payment", "{\"paymentStatus\":\"refunded\"}");
        assertThat(refunded.status()).as("the order and its state survived the kill: " + refunded.body()).isEqualTo(200);

        try (SseTestClient again = SseTestClient.connect(base + "/api/v1/sync/events?orderID=" + x
                + "&eventTypes=payment_update,stage_change", KEY, lastSeen)) {
            assertThat(again.next(Duration.ofSeconds(20)).name()).isEqualTo("connected");
            List<String> got = new ArrayList<>();
            long previous = Long.parseLong(lastSeen);
            for (int i = 0; i < 3; i++) {
                SseTestClient.Event e = again.next(Duration.ofSeconds(20));
                JsonNode data = CanonicalJson.parse(e.data()).get("data");
                got.add(e.name() + ":" + (data.has("newStage") ? data.get("newStage").asText() : data.get("newStatus").asText()));
                assertThat(Long.parseLong(e.id())).isGreaterThan(previous);
                previous = Long.parseLong(e.id());
            }
            assertThat(got).containsExactly("payment_update:paid", "stage_change:confirmed", "payment_update:refunded");
            assertThat(again.drain(Duration.ofMillis(1500))).as("exactly those three").isEmpty();
            api.post("/api/v1/orders/" + x + "/stage", "{\"stage\":\"processing\"}");
            assertThat(again.next(Duration.ofSeconds(20)).name()).as("and live after the replay").isEqualTo("stage_change");
        }
    }


    private void awaitRoutes(HubClient api) {
        HubClient.await(Duration.ofSeconds(120), "the hub process to serve the API", () -> {
            try {
                // the Camel routes are registered once the order API answers for an unknown order
                return api.get("/api/v1/sync/events/poll").status() == 200
                        && api.get("/api/v1/orders/0").body().contains("order 0 does not exist");
            } catch (IllegalStateException e) {
                return false;
            }
        });
    }


}
