package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.SseTestClient.Event;
import io.synchub.support.HubClient;
import io.synchub.support.HubClient.Response;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** API keys bound to a tenant (SYNCHUB_API_KEYS entries key:tenant) see only their tenant's orders, queues, jobs and events. */
class TenantKeysTest extends OrderTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private HubClient as(String key) {
        return new HubClient("http://localhost:" + port, key);
    }

    @Test
    void aTenantBoundKeyNeverSeesAnotherTenantsOrdersOrEvents() {
        HubClient a = as(TENANT_A_KEY);
        HubClient b = as(TENANT_B_KEY);
        Response createdA = a.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-100", ""));
        assertThat(createdA.status()).isEqualTo(201);
        assertThat(createdA.json().get("tenantId").asText()).as("the key's tenant").isEqualTo("tenant-a");
        long idB = b.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-200", "")).json().get("id").asLong();
        hub.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-300", ""));
        assertThat(a.post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-101", ",\"tenantId\":\"tenant-b\"")).status())
                .as("a key cannot write into another tenant").isEqualTo(422);

        assertThat(a.get("/api/v1/orders/ORDER-100").status()).isEqualTo(200);
        assertThat(a.get("/api/v1/orders/ORDER-200").status()).isEqualTo(404);
        assertThat(a.get("/api/v1/orders/" + idB).status()).as("nor by hub id").isEqualTo(404);
        assertThat(a.get("/api/v1/orders/ORDER-300").status()).as("an untenanted order").isEqualTo(404);
        assertThat(a.post("/api/v1/orders/ORDER-200/stage", "{\"stage\":\"initiated\"}").status()).isEqualTo(404);
        assertThat(a.get("/api/v1/orders").json().get("items").findValuesAsText("orderID")).containsExactly("ORDER-100");
        assertThat(a.get("/api/orders?tenantId=tenant-b").status()).isEqualTo(404);
        assertThat(hub.get("/api/v1/orders?tenantId=tenant-b").json().get("items").findValuesAsText("orderID")).containsExactly("ORDER-200");
        assertThat(hub.get("/api/v1/orders").json().get("total").asLong()).as("an unbound key sees every tenant").isEqualTo(3);

        long start = currentEventId();
        try (SseTestClient streamA = sse("", TENANT_A_KEY, null); SseTestClient spy = sse("?orderID=ORDER-200", TENANT_A_KEY, null)) {
            assertThat(streamA.next(WAIT).name()).isEqualTo("connected");
            assertThat(spy.next(WAIT).name()).isEqualTo("connected");
            assertThat(b.post("/api/v1/orders/ORDER-200/stage", "{\"stage\":\"initiated\"}").status()).isEqualTo(200);
            assertThat(hub.post("/api/v1/orders/ORDER-300/stage", "{\"stage\":\"initiated\"}").status()).isEqualTo(200);
            assertThat(b.post("/api/v1/sync/events", "{\"eventType\":\"whatsapp_connected\",\"data\":{}}").status()).isEqualTo(201);
            assertThat(b.put("/api/v1/queues/BAY-1", "{\"status\":\"busy\"}").status()).isEqualTo(200);
            assertThat(a.post("/api/v1/orders/ORDER-100/stage", "{\"stage\":\"initiated\"}").status()).isEqualTo(200);
            List<Event> seen = new java.util.ArrayList<>();
            Event e = streamA.next(WAIT);
            seen.add(e);
            seen.addAll(streamA.drain(Duration.ofMillis(1000)));
            assertThat(seen).extracting(Event::name).containsExactly("stage_change", "order_stage_change");
            for (Event s : seen) {
                assertThat(CanonicalJson.parse(s.data()).get("orderID").asText()).isEqualTo("ORDER-100");
                assertThat(CanonicalJson.parse(s.data()).get("tenantId").asText()).isEqualTo("tenant-a");
            }
            assertThat(spy.drain(Duration.ofMillis(300))).as("another tenant's order id filters to nothing").isEmpty();
        }
        try (SseTestClient other = sse("?tenantId=tenant-b", TENANT_A_KEY, null)) {
            assertThat(other.status()).isEqualTo(404);
        }
        JsonNode polledA = a.get("/api/v1/sync/events/poll?since=" + start).json().get("items");
        assertThat(polledA.findValuesAsText("orderID")).containsOnly("ORDER-100");
        JsonNode polledAll = hub.get("/api/v1/sync/events/poll?since=" + start + "&tenantId=tenant-b").json().get("items");
        assertThat(polledAll.findValuesAsText("eventType")).contains("stage_change", "whatsapp_connected", "queue_update");

        assertThat(b.get("/api/v1/queues/BAY-1").status()).isEqualTo(200);
        assertThat(a.get("/api/v1/queues/BAY-1").status()).isEqualTo(404);
        assertThat(a.get("/api/v1/queues").json().get("total").asLong()).isZero();
        assertThat(b.post("/api/v1/jobs", "{\"jobId\":\"JOB-B\",\"bayId\":\"BAY-1\",\"orderID\":\"ORDER-200\"}").status()).isEqualTo(201);
        assertThat(a.get("/api/v1/jobs/JOB-B").status()).isEqualTo(404);
        assertThat(a.patch("/api/v1/jobs/JOB-B", "{\"status\":\"running\"}").status()).isEqualTo(404);
        assertThat(a.get("/api/v1/jobs").json().get("total").asLong()).isZero();
    }

    @Test
    void aClientCannotClaimATenantByHeaderOrParameter() throws Exception {
        as(TENANT_B_KEY).post("/api/v1/orders", AxBillingWorkflowTest.axOrder("ORDER-400", ""));
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> spoofed = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/orders"))
                .header("X-API-Key", TENANT_A_KEY).header("X-SyncHub-Bound-Tenant", "tenant-b").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(spoofed.statusCode()).isEqualTo(200);
        assertThat(CanonicalJson.parse(spoofed.body()).get("total").asLong()).as("the key's tenant, not the header's").isZero();
        assertThat(as(TENANT_A_KEY).get("/api/v1/orders?X-SyncHub-Bound-Tenant=tenant-b").status()).isEqualTo(400);
    }
}
