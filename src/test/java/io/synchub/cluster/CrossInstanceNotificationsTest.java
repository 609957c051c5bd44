package io.synchub.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.orders.SseTestClient;
import io.synchub.pos.PosSocket;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Two hub instances on one PostgreSQL: a change written through instance A reaches a POS WebSocket client and an SSE
 * client connected to instance B (LISTEN/NOTIFY, payload the sequence; B reads the rest from the tables). The SSE
 * table poll is set to an hour, so only the notification can wake B. When B's listening connection breaks, what
 * was committed meanwhile still arrives (B re-reads from its last seen sequence). On H2 (one instance) the hub keeps
 * its in-process path: there is nothing to test across instances.
 */
class CrossInstanceNotificationsTest {

    private TwoHubs hubs;

    @AfterEach
    void stop() {
        if (hubs != null) {
            hubs.close();
        }
    }

    @Test
    void changesWrittenThroughOneInstanceReachWebSocketAndSseClientsOfTheOther() throws Exception {
        assumeTrue(TestDatabase.postgres(), "cross-instance notifications are PostgreSQL's LISTEN/NOTIFY");
        hubs = new TwoHubs(Map.of("synchub.order-events.poll-interval", "1h", "synchub.cluster.reconnect-delay", "2s"));
        ConfigurableApplicationContext a = hubs.start();
        ConfigurableApplicationContext b = hubs.start();
        HubClient viaA = new HubClient("http://localhost:" + TwoHubs.httpPort(a), HubTestSupport.API_KEY);

        HttpClient http = HttpClient.newHttpClient();
        try (PosSocket register = PosSocket.open(http, TwoHubs.wsPort(b), "berlin-1", HubTestSupport.API_KEY);
             SseTestClient dashboard = SseTestClient.connect("http://localhost:" + TwoHubs.httpPort(b)
                     + "/api/v1/sync/events?eventTypes=whatsapp_connected", HubTestSupport.API_KEY, null)) {
            assertThat(dashboard.next(Duration.ofSeconds(10)).name()).isEqualTo("connected");

            long t0 = System.nanoTime();
            assertThat(viaA.put("/api/v1/entities/categories/12", "{\"name\":\"Drinks\"}").status()).isBetween(200, 201);
            PosSocket.Received ws = register.nextReceived("entity_updated", Duration.ofSeconds(10));
            assertThat(ws).as("B's WebSocket client hears A's change").isNotNull();
            JsonNode m = ws.json();
            assertThat(m.get("entity_type").asText()).isEqualTo("categories");
            assertThat(m.get("entity_id").asLong()).isEqualTo(12);
            System.out.printf("cross-instance WebSocket latency: %.1f ms%n", (ws.nanos() - t0) / 1e6);

            long t1 = System.nanoTime();
            assertThat(viaA.post("/api/v1/sync/events", "{\"eventType\":\"whatsapp_connected\",\"orderID\":\"ORDER-1\",\"data\":{}}")
                    .status()).isBetween(200, 202);
            SseTestClient.Event sse = dashboard.next(Duration.ofSeconds(10), e -> "whatsapp_connected".equals(e.name()));
            assertThat(sse).as("B's SSE client hears A's event (the table poll is an hour: only NOTIFY woke it)").isNotNull();
            assertThat(sse.data()).contains("ORDER-1");
            System.out.printf("cross-instance SSE latency: %.1f ms%n", (sse.receivedNanos() - t1) / 1e6);

            // B's listening connection breaks; a change committed while B is not listening is still delivered
            ClusterListener listenerOfB = b.getBean(ClusterListener.class);
            listenerOfB.dropConnection();
            Thread.sleep(300);
            assertThat(viaA.put("/api/v1/entities/categories/13", "{\"name\":\"Snacks\"}").status()).isBetween(200, 201);
            JsonNode after = register.next("entity_updated", Duration.ofSeconds(15));
            assertThat(after).as("the change made while B's listener was down").isNotNull();
            assertThat(after.get("entity_id").asLong()).isEqualTo(13);
        }
    }
}
