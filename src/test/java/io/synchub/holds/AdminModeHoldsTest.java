package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.admin.AdminSimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin panel as inventory authority, over real HTTP against the admin simulator. */
@TestPropertySource(properties = {"synchub.holds.authority=admin", "ADMIN_API_KEY=admin-sim-key", "ADMIN_TIMEOUT=800ms",
        "synchub.holds.validate-interval=2s", "synchub.admin.circuit-wait-in-open=2s"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminModeHoldsTest extends HubTestSupport {

    static final AdminSimulator ADMIN = new AdminSimulator(0, "admin-sim-key").start();

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("ADMIN_BASE_URL", ADMIN::baseUrl);
    }

    @AfterEach
    void healthyAdmin() {
        ADMIN.faults().clear();
        ADMIN.forgetHolds();
        ADMIN.requests().clear();
    }

    private HubClient.Response hold(String body, String key) {
        Map<String, String> headers = key == null ? Map.of("X-API-Key", API_KEY, "Content-Type", "application/json")
                : Map.of("X-API-Key", API_KEY, "Content-Type", "application/json", "Idempotency-Key", key);
        return hub.send("/api/v1/holds", body.getBytes(StandardCharsets.UTF_8), headers);
    }

    @Test
    @Order(1)
    void theAdminsRefusalIsPassedThroughWithItsFigures() {
        ADMIN.setStock("JACKET-1", 1);
        ADMIN.setStock("BELT-1", 4);
        HubClient.Response r = hold("{\"items\":[{\"sku\":\"JACKET-1\",\"quantity\":2},{\"sku\":\"BELT-1\",\"quantity\":1}]}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(409);
        assertThat(r.json().get("error").asText()).isEqualTo("insufficient_inventory");
        JsonNode items = r.json().get("items");
        JsonNode jacket = items.get(0).get("sku").asText().equals("JACKET-1") ? items.get(0) : items.get(1);
        assertThat(jacket.get("available").asLong()).isEqualTo(1);
        assertThat(jacket.get("requested").asLong()).isEqualTo(2);
        assertThat(jacket.get("ok").asBoolean()).isFalse();
        assertThat(hub.get("/api/v1/holds").json().get("total").asLong()).isZero();

        JsonNode availability = hub.get("/api/v1/availability?skus=JACKET-1,BELT-1").json().get("items");
        assertThat(availability.get(0).get("available").asLong() + availability.get(1).get("available").asLong()).isEqualTo(5);
        // always asked of the panel, never from a cache
        ADMIN.setStock("JACKET-1", 7);
        JsonNode again = hub.post("/api/v1/availability", "{\"items\":[{\"sku\":\"JACKET-1\",\"quantity\":7}]}").json().get("items").get(0);
        assertThat(again.get("available").asLong()).isEqualTo(7);
        assertThat(again.get("ok").asBoolean()).isTrue();
        assertThat(ADMIN.requests().matching("POST", "/api/inventory/availability")).hasSize(2);
        assertThat(ADMIN.requests().all().get(0).headers()).doesNotContainValue("admin-sim-key");
    }

    @Test
    @Order(2)
    void aRetriedCreateWithTheSameKeyMakesOneAdminHoldAndTheHubExpiresItAMinuteEarly() {
        ADMIN.setStock("SCARF-1", 3);
        String body = "{\"items\":[{\"sku\":\"SCARF-1\",\"quantity\":2}],\"sessionId\":\"s-1\",\"customerId\":\"c-1\",\"outfitId\":\"o-1\",\"durationSeconds\":1800}";
        HubClient.Response first = hold(body, "retry-me");
        HubClient.Response second = hold(body, "retry-me");
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.json().get("holdId").asText()).isEqualTo(first.json().get("holdId").asText());
        assertThat(ADMIN.holdCount()).isEqualTo(1);
        assertThat(ADMIN.requests().matching("POST", "/api/holds")).hasSize(1);
        assertThat(ADMIN.requests().matching("POST", "/api/holds").get(0).headers().get("idempotency-key")).isEqualTo("retry-me");
        assertThat(ADMIN.available("SCARF-1")).isEqualTo(1);

        JsonNode h = first.json();
        String adminId = h.get("authorityHoldId").asText();
        long adminExpiry = ADMIN.hold(adminId).get("expiresAt").asLong();
        assertThat(Instant.parse(h.get("authorityExpiresAt").asText())).isEqualTo(Instant.ofEpochSecond(adminExpiry));
        assertThat(Instant.parse(h.get("expiresAt").asText())).isEqualTo(Instant.ofEpochSecond(adminExpiry).minusSeconds(60));

        assertThat(hub.delete("/api/v1/holds/" + h.get("holdId").asText()).json().get("status").asText()).isEqualTo("released");
        assertThat(ADMIN.hold(adminId).get("status").asText()).isEqualTo("released");
        assertThat(ADMIN.available("SCARF-1")).isEqualTo(3);
    }

    @Test
    @Order(3)
    void confirmGoesToTheAdminPanel() {
        ADMIN.setStock("BOOT-1", 2);
        JsonNode h = hold("{\"items\":[{\"sku\":\"BOOT-1\",\"quantity\":1}]}", null).json();
        HubClient.Response c = hub.post("/api/v1/holds/" + h.get("holdId").asText() + "/confirm", "");
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(ADMIN.hold(h.get("authorityHoldId").asText()).get("status").asText()).isEqualTo("confirmed");
    }

    @Test
    @Order(4)
    void aHoldTheAdminForgetsIsMarkedLostByValidation() {
        ADMIN.setStock("GLOVE-1", 2);
        long since = hub.get("/api/v1/sync/events/poll").json().get("lastEventId").asLong();
        String id = hold("{\"items\":[{\"sku\":\"GLOVE-1\",\"quantity\":1}],\"sessionId\":\"s-lost\"}", null).json().get("holdId").asText();
        String kept = hold("{\"items\":[{\"sku\":\"GLOVE-1\",\"quantity\":1}]}", null).json().get("holdId").asText();
        HubClient.await(Duration.ofSeconds(5), "a validation pass that keeps known holds",
                () -> ADMIN.requests().matching("GET", "/api/holds/").size() >= 2);
        assertThat(hub.get("/api/v1/holds/" + id).json().get("status").asText()).isEqualTo("active");
        ADMIN.forgetHolds(); // the panel restarted: its holds were in memory
        HubClient.await(Duration.ofSeconds(10), "the forgotten hold marked lost",
                () -> hub.get("/api/v1/holds/" + id).json().get("status").asText().equals("lost"));
        HubClient.await(Duration.ofSeconds(10), "the other forgotten hold marked lost",
                () -> hub.get("/api/v1/holds/" + kept).json().get("status").asText().equals("lost"));
        JsonNode events = hub.get("/api/v1/sync/events/poll?since=" + since + "&eventTypes=hold_lost").json().get("items");
        assertThat(events.toString()).contains(id).contains("s-lost");
        JsonNode history = hub.get("/api/v1/holds/" + id + "/history").json().get("items");
        assertThat(history.get(history.size() - 1).get("action").asText()).isEqualTo("lost");
        assertThat(history.get(history.size() - 1).get("actor").asText()).isEqualTo("validation");
    }

    @Test
    @Order(5)
    void adminDownOrTooSlowAnswers503WithinOneSecondAndChangesNothing() {
        ADMIN.setStock("TIE-1", 5);
        ADMIN.faults().latency(Duration.ofSeconds(3), Duration.ZERO);
        long t0 = System.nanoTime();
        HubClient.Response slow = hub.get("/api/v1/availability?skus=TIE-1");
        long slowMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(slow.status()).as(slow.body()).isEqualTo(503);
        assertThat(slow.json().get("error").asText()).isEqualTo("inventory_unavailable");
        assertThat(slowMs).isLessThan(1000);
        ADMIN.faults().clear();

        ADMIN.faults().outageNow(Duration.ofSeconds(30));
        for (int i = 0; i < 15; i++) {
            long t = System.nanoTime();
            HubClient.Response r = i % 2 == 0 ? hub.post("/api/v1/availability", "{\"items\":[{\"sku\":\"TIE-1\",\"quantity\":1}]}")
                    : hold("{\"items\":[{\"sku\":\"TIE-1\",\"quantity\":1}]}", null);
            assertThat(r.status()).as(r.body()).isEqualTo(503);
            assertThat(r.json().get("error").asText()).isEqualTo("inventory_unavailable");
            assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(1000);
        }
        assertThat(hub.get("/api/v1/holds").json().get("total").asLong()).isZero();
        assertThat(ADMIN.holdCount()).isZero();
        // the breaker opened: later calls do not even reach the panel
        int reached = ADMIN.requests().all().size();
        assertThat(hub.get("/api/v1/availability?skus=TIE-1").status()).isEqualTo(503);
        assertThat(ADMIN.requests().all().size()).isEqualTo(reached);
        ADMIN.faults().clear();
        HubClient.await(Duration.ofSeconds(10), "availability back after the breaker's wait",
                () -> hub.get("/api/v1/availability?skus=TIE-1").status() == 200);
    }
}
