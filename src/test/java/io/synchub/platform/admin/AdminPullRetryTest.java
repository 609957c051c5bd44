package io.synchub.platform.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.admin.AdminSimulator;
import io.platformsim.core.RecordedRequest;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failed admin pull is retried with backoff long before its next scheduled pull (the poll interval is an hour here),
 * and through the panel's circuit breaker: while it is open a retry does not reach the panel.
 */
@TestPropertySource(properties = {"ADMIN_API_KEY=admin-retry-key", "synchub.admin.products-poll-interval=1h",
        "synchub.admin.categories-poll-interval=1h", "synchub.admin.poll-initial-delay=0", "synchub.admin.pull-check-interval=100",
        "synchub.admin.pull-retry-initial-delay=300ms", "synchub.admin.circuit-wait-in-open=2s", "synchub.holds.validate-interval=1h"})
class AdminPullRetryTest extends HubTestSupport {

    static final AdminSimulator ADMIN = new AdminSimulator(0, "admin-retry-key").start();

    @Autowired
    AdminClient client;

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("ADMIN_BASE_URL", ADMIN::baseUrl);
    }

    @AfterEach
    void healthy() {
        ADMIN.faults().clear();
        client.breaker().reset();
    }

    private JsonNode productBySku(String sku) {
        JsonNode items = hub.get("/api/v1/products?sku=" + sku).json().get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    @Test
    void aFailedPullIsRetriedWithGrowingWaitsUntilThePanelAnswers() {
        // the outage lasts until three pulls have been refused (not a fixed time: on a busy machine the scheduler's first
        // pull after start-up can come seconds late), then the panel answers again
        ADMIN.faults().outageNow(Duration.ofMinutes(1));
        ADMIN.requests().clear();
        // whatever the pull at start-up did, the next one is due now, and only a pull that starts during the outage sees the product
        jdbc.update("DELETE FROM admin_pulls");
        ADMIN.putProduct("RETRY-1", "Rain coat", new BigDecimal("89.00"), List.of());
        HubClient.await(Duration.ofSeconds(30), "three pulls refused during the outage", () ->
                ADMIN.requests().matching("GET", "/api/products").stream().filter(r -> r.status() == 503).count() >= 3);
        ADMIN.faults().clear();
        HubClient.await(Duration.ofSeconds(15), "the product pulled once the panel is back", () -> productBySku("RETRY-1") != null);

        List<RecordedRequest> all = ADMIN.requests().matching("GET", "/api/products");
        int firstFailure = 0;
        while (firstFailure < all.size() && all.get(firstFailure).status() != 503) {
            firstFailure++; // a pull answered just before the outage began
        }
        List<RecordedRequest> pulls = all.subList(firstFailure, all.size());
        assertThat(pulls.stream().filter(r -> r.status() == 503).count()).isGreaterThanOrEqualTo(3);
        assertThat(pulls.get(pulls.size() - 1).status()).isEqualTo(200);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < pulls.size(); i++) {
            gaps.add(Duration.between(pulls.get(i - 1).at(), pulls.get(i).at()).toMillis());
        }
        // 300 ms after the first failure, then 600 ms, 1200 ms ... (checked every 100 ms): never at every check, and
        // each wait at least the doubled backoff (a busy machine may add to a wait, never take from it), all long
        // before the next scheduled pull an hour away.
        // The first gap may be shorter: a pull already running when the test cleared admin_pulls records its failure
        // after the DELETE, so the next pull can start from a state the test did not set up.
        if (gaps.size() > 2 && gaps.get(0) < 280) {
            gaps.remove(0);
        }
        for (int i = 0; i < gaps.size(); i++) {
            assertThat(gaps.get(i)).as("gap " + i + " of " + gaps).isGreaterThanOrEqualTo(280L << i);
        }
        HubClient.await(Duration.ofSeconds(5), "the failures reset by the success", () ->
                jdbc.queryForObject("SELECT consecutive_failures FROM admin_pulls WHERE kind = 'products'", Integer.class) == 0);
    }

    @Test
    void whileTheBreakerIsOpenARetryDoesNotReachThePanel() {
        HubClient.await(Duration.ofSeconds(10), "a first products pull", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM admin_pulls WHERE kind = 'products' AND last_success_at IS NOT NULL", Long.class) == 1);
        ADMIN.putProduct("RETRY-2", "Wool hat", new BigDecimal("19.00"), List.of());
        client.breaker().transitionToOpenState();
        ADMIN.requests().clear();
        // make the next pull due now
        jdbc.update("UPDATE admin_pulls SET last_attempt_at = ? WHERE kind = 'products'",
                java.sql.Timestamp.from(java.time.Instant.now().minus(Duration.ofHours(2))));
        HubClient.await(Duration.ofSeconds(5), "a pull refused by the open breaker", () -> {
            String error = jdbc.queryForObject("SELECT last_error FROM admin_pulls WHERE kind = 'products'", String.class);
            return error != null && error.contains("circuit breaker is open");
        });
        assertThat(ADMIN.requests().matching("GET", "/api/products")).isEmpty();
        assertThat(productBySku("RETRY-2")).isNull();
        // the breaker lets calls through again after its wait: the backed-off retry then succeeds
        HubClient.await(Duration.ofSeconds(15), "the retry after the breaker's wait", () -> productBySku("RETRY-2") != null);
        assertThat(ADMIN.requests().matching("GET", "/api/products")).isNotEmpty();
    }
}
