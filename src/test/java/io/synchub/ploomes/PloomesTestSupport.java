package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.runs.SyncRunner;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hub pointed at a Ploomes simulator holding the seed's 11,793 products (real HTTP). Unpaced here so the full
 * catalogue is pulled quickly; pacing is proven in {@link PloomesPacingTest}. Retry delays are short.
 */
public abstract class PloomesTestSupport extends HubTestSupport {

    protected static final PloomesSimulator PLOOMES = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0)).start();

    @Autowired
    protected SyncRunner runner;

    @DynamicPropertySource
    static void ploomes(DynamicPropertyRegistry r) {
        pointHubAt(PLOOMES, r);
        r.add("synchub.ploomes.retry-base", () -> "20ms");
        r.add("synchub.ploomes.breaker-open", () -> "300ms");
    }

    /**
     * Points the hub at a Ploomes simulator with its keys, unpaced, and with no scheduled pull: the only runs are the
     * ones a test starts.
     */
    public static void pointHubAt(PloomesSimulator ploomes, DynamicPropertyRegistry r) {
        r.add("PLOOMES_BASE_URL", ploomes::baseUrl);
        r.add("PLOOMES_USER_KEY", () -> ploomes.config().userKey());
        r.add("PLOOMES_VALIDATION_KEY", () -> ploomes.config().validationKey());
        r.add("PLOOMES_HUB_USER_ID", () -> String.valueOf(ploomes.config().hubUserId()));
        r.add("PLOOMES_OMIE_CREATOR_IDS", () -> String.valueOf(ploomes.config().omieCreatorId()));
        r.add("PLOOMES_REQUESTS_PER_SECOND", () -> "0");
        r.add("PLOOMES_SYNC_INITIAL_DELAY", () -> "1h");
        r.add("PLOOMES_INCREMENTAL_INTERVAL", () -> "1h");
    }

    /** Starts a run through the API (202) and waits for it to end; returns the finished run. */
    protected JsonNode sync(String body) throws InterruptedException {
        return sync(hub, runner, body, 180_000);
    }

    /** Starts a Ploomes run through the API (202), waits up to {@code timeoutMs} for it to end; returns the finished run. */
    public static JsonNode sync(HubClient hub, SyncRunner runner, String body, long timeoutMs) throws InterruptedException {
        HubClient.Response r = hub.post("/api/v1/sync/ploomes", body);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        assertThat(runner.await(id, timeoutMs)).as("run " + id + " finished").isTrue();
        return hub.get("/api/v1/sync/runs/" + id).json();
    }

    protected Map<String, Integer> storedCategoryCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : List.of("services", "rentals", "atlas", "ingersoll", "omie")) {
            counts.put(c, jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE categories LIKE ?", Integer.class, "%|" + c + "|%"));
        }
        return counts;
    }

    protected int storedProducts() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM products", Integer.class);
    }
}
