package io.synchub.pos;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Real WebSocket clients on the hub's WebSocket port, told of committed changes as a register would be. */
class PosWebSocketTest extends HubTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<PosSocket> sockets = new ArrayList<>();

    @Autowired
    PosEntityStore store;

    @Autowired
    CamelContext camel;

    @AfterEach
    void closeSockets() {
        sockets.forEach(PosSocket::close);
    }

    private PosSocket open(String storeId) {
        PosSocket s = PosSocket.open(http, wsPort, storeId, API_KEY);
        sockets.add(s);
        return s;
    }

    /**
     * A ping answered with a pong: the hub's socket route serves this connection, and every message the hub wrote to it
     * before the pong has arrived (one connection keeps its order).
     */
    private static void roundTrip(PosSocket s) throws InterruptedException {
        s.send("ping");
        assertThat(s.next("pong", Duration.ofSeconds(5))).as("pong").isNotNull();
    }

    @Test
    void aStoreHearsOfItsOwnTableChangeAndOfGlobalProductChangesButNotOfAnotherStoresTable() throws Exception {
        PosSocket a = open("store-a");
        PosSocket b = open("store-b");
        roundTrip(a);   // the upgrades have completed on the server side too
        roundTrip(b);
        NotifyBuilder bothNotified = new NotifyBuilder(camel).fromRoute("notify-pos-websocket").whenDone(2).create();

        HubClient.Response put = hub.put("/api/v1/entities/inventory-config/7?store_id=store-a", "{\"negativeStock\":true}");
        assertThat(put.status()).isEqualTo(201);
        JsonNode msg = a.next("entity_updated", Duration.ofSeconds(5));
        assertThat(msg).as("store A is told of its table change").isNotNull();
        assertThat(msg.get("entity_type").asText()).isEqualTo("inventory-config");
        assertThat(msg.get("entity_id").asInt()).isEqualTo(7);
        assertThat(msg.get("change_type").asText()).isEqualTo("create");
        assertThat(msg.get("timestamp").asText()).isNotBlank();
        String cursor = msg.get("cursor").asText();
        assertThat(hub.get("/api/v1/sync/inventory-config?store_id=store-a&since=" + (Long.parseLong(cursor) - 1)).json()
                .get("items").get(0).get("negativeStock").asBoolean()).as("pulling just before the cursor finds the change").isTrue();

        // a product changed by a webhook (not by the POS API) is a global change: both stores hear of it
        assertThat(hub.shopifyWebhook("products/update", "evt-ws-1", HubClient.fixture("shopify/products_update.json"), SECRET)
                .status()).isEqualTo(200);
        JsonNode productForA = a.next("entity_updated", Duration.ofSeconds(10));
        JsonNode productForB = b.next("entity_updated", Duration.ofSeconds(10));
        assertThat(productForA.get("entity_type").asText()).isEqualTo("products");
        assertThat(productForB.get("entity_type").asText()).isEqualTo("products");
        assertThat(productForA.get("entity_id").isNumber()).isTrue();

        assertThat(bothNotified.matches(5, TimeUnit.SECONDS)).as("the table and the product notifications sent").isTrue();
        roundTrip(b);   // whatever was sent to B before has arrived
        assertThat(b.received("entity_updated", "inventory-config")).as("store B never hears of store A's table").isEmpty();
        assertThat(a.received("entity_updated", "inventory-config")).hasSize(1);
    }

    @Test
    void aBurstOfTenThousandChangesProducesABoundedNumberOfMessagesEndingWithTheLatestCursor() throws Exception {
        PosSocket a = open("store-a");
        roundTrip(a);
        long start = System.nanoTime();
        long lastSeq = 0;
        for (int batch = 0; batch < 20; batch++) {   // an import: 20 transactions of 500 rows
            List<PosEntityStore.Entity> rows = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                rows.add(new PosEntityStore.Entity("c" + (batch * 500 + i), io.synchub.canonical.CanonicalJson.object().put("n", i)));
            }
            store.putAll(PosEntityType.CATEGORIES, null, rows);
        }
        lastSeq = jdbc.queryForObject("SELECT MAX(seq) FROM change_log WHERE entity_type = 'categories'", Long.class);
        long burstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        long expectedLast = lastSeq;
        HubClient.await(Duration.ofSeconds(5), "the latest cursor announced", () -> a.received("entity_updated", "categories")
                .stream().anyMatch(m -> m.get("cursor").asLong() == expectedLast));
        // every change announced (each message counts the changes it folds), so no further message can come
        HubClient.await(Duration.ofSeconds(5), "all 10,000 changes announced", () -> a.received("entity_updated", "categories")
                .stream().mapToLong(m -> m.get("coalesced").asLong()).sum() >= 10_000);
        List<JsonNode> messages = a.received("entity_updated", "categories");
        // one message per started 250 ms window of the burst, the first one sent at once, the last window's after the burst
        long bound = burstMillis / 250 + 3;
        assertThat(messages.size()).as("10,000 changes in " + burstMillis + " ms: at most one message per 250 ms")
                .isBetween(1, (int) bound);
        assertThat(messages.get(messages.size() - 1).get("cursor").asLong()).isEqualTo(lastSeq);
        assertThat(messages.stream().mapToLong(m -> m.get("coalesced").asLong()).sum()).isEqualTo(10_000);
    }

    @Test
    void connectionsNeedTheApiKeyAndAnAllowedOrigin() throws Exception {
        Throwable noKey = catchThrowable(() -> PosSocket.connect(http, wsPort, "store-a", null, null).join());
        assertThat(handshakeStatus(noKey)).isEqualTo(401);
        Throwable wrongKey = catchThrowable(() -> PosSocket.connect(http, wsPort, "store-a", "nope", null).join());
        assertThat(handshakeStatus(wrongKey)).isEqualTo(401);
        Throwable foreignOrigin = catchThrowable(() -> PosSocket.connect(http, wsPort, "store-a", API_KEY, "https://evil.example").join());
        assertThat(handshakeStatus(foreignOrigin)).isEqualTo(403);
        Throwable badStore = catchThrowable(() -> PosSocket.connect(http, wsPort, "a%27b", API_KEY, null).join());
        assertThat(handshakeStatus(badStore)).isEqualTo(400);
        PosSocket ok = PosSocket.connect(http, wsPort, "store-a", API_KEY, null).orTimeout(5, TimeUnit.SECONDS).join();
        sockets.add(ok);
        ok.send("ping");
        assertThat(ok.next("pong", Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void idleClientsGetHeartbeatsCarryingTheLatestCursor() throws Exception {
        PosSocket a = open("store-z");
        JsonNode beat = a.next("heartbeat", Duration.ofSeconds(6));
        assertThat(beat).isNotNull();
        assertThat(beat.get("cursor").asText()).matches("[0-9]+");
        assertThat(beat.get("timestamp").asText()).isNotBlank();
    }

    private static int handshakeStatus(Throwable t) {
        Throwable c = t instanceof CompletionException ? t.getCause() : t;
        assertThat(c).isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) c).getResponse().statusCode();
    }
}
