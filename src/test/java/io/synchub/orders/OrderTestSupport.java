package io.synchub.orders;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The hub with a short heartbeat and a small per-client queue, shared by every order test (one Spring context). */
@TestPropertySource(properties = {
        "synchub.order-events.heartbeat=1s",
        "synchub.order-events.client-queue=64",
        "synchub.order-events.stuck-timeout=3s",
        "synchub.order-events.polling.per-second=5",
        "synchub.order-events.polling.burst=20",
        "synchub.order-events.max-connections-per-key=12",
        "synchub.cors.allowed-origins=https://dashboard.example",
        // two keys bound to tenants beside the unbound test key (one context for every order test)
        "synchub.api-keys=" + HubTestSupport.API_KEY + "," + OrderTestSupport.TENANT_A_KEY + ":tenant-a," + OrderTestSupport.TENANT_B_KEY + ":tenant-b",
})
public abstract class OrderTestSupport extends HubTestSupport {

    protected static final String TENANT_A_KEY = "tenant-a-test-key";
    protected static final String TENANT_B_KEY = "tenant-b-test-key";

    protected SseTestClient sse(String query, String apiKey, String lastEventIdHeader) {
        return SseTestClient.connect("http://localhost:" + port + "/api/v1/sync/events" + query, apiKey, lastEventIdHeader);
    }

    protected SseTestClient sse(String query) {
        return SseTestClient.connect("http://localhost:" + port + "/api/v1/sync/events" + query, API_KEY, null);
    }

    protected SseTestClient sse(String query, String lastEventIdHeader) {
        return SseTestClient.connect("http://localhost:" + port + "/api/v1/sync/events" + query, API_KEY, lastEventIdHeader);
    }

    protected static byte[] testFixture(String relative) {
        try {
            return Files.readAllBytes(Path.of("src", "test", "resources", "fixtures", relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected long createOrder(String externalId, String sku) {
        HubClient.Response r = hub.post("/api/v1/orders", """
                {"origin":"ADMIN","externalId":"%s","currency":"EUR","customerRef":"C-1",
                 "lines":[{"sku":"%s","quantity":2,"price":"9.95"}],"totals":{"total":19.90}}""".formatted(externalId, sku));
        if (r.status() != 201) {
            throw new AssertionError("order not created: " + r.status() + " " + r.body());
        }
        return r.json().get("id").asLong();
    }

    /** The current stream position, as a polling client starts. */
    protected long currentEventId() {
        return hub.get("/api/v1/sync/events/poll").json().get("lastEventId").asLong();
    }
}
