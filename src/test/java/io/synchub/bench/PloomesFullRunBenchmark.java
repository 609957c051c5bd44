package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.runs.SyncRunner;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §5 target: a full run of the seed's 11,793 Ploomes products at PLOOMES_REQUESTS_PER_SECOND=2 (one request per
 * 500 ms) against the simulator's 120 requests/minute limit takes the floor the rate sets, within 5 %, with no 429.
 * Writes target/bench/ploomes-full-run-&lt;db&gt;.json for the report. {@code BENCHMARKS=PloomesFullRunBenchmark bench/run}
 */
@Tag("benchmark")
class PloomesFullRunBenchmark extends HubTestSupport {

    static final PloomesSimulator PLOOMES = new PloomesSimulator(PloomesConfig.defaults()).start();

    @Autowired
    SyncRunner runner;

    @DynamicPropertySource
    static void ploomes(DynamicPropertyRegistry r) {
        r.add("PLOOMES_BASE_URL", PLOOMES::baseUrl);
        r.add("PLOOMES_USER_KEY", () -> PLOOMES.config().userKey());
        r.add("PLOOMES_OMIE_CREATOR_IDS", () -> String.valueOf(PLOOMES.config().omieCreatorId()));
        r.add("PLOOMES_REQUESTS_PER_SECOND", () -> "2");
        r.add("PLOOMES_SYNC_INITIAL_DELAY", () -> "1h");
        r.add("PLOOMES_INCREMENTAL_INTERVAL", () -> "1h");
    }

    @Test
    void aPacedFullRunTakesTheFloorTheRateSets() throws Exception {
        HubClient.Response r = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\"}");
        assertThat(r.status()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        assertThat(runner.await(id, 600_000)).isTrue();
        JsonNode run = hub.get("/api/v1/sync/runs/" + id).json();
        double seconds = Duration.between(Instant.parse(run.get("startedAt").asText()), Instant.parse(run.get("finishedAt").asText())).toMillis() / 1000.0;
        long requests = run.get("requests").asLong();
        double floor = (requests - 1) / 2.0;
        System.out.printf("ploomes full run at 2 req/s: %d products, %d requests, %.1f s, floor %.1f s (%.1f %% over), %d rate-limited%n",
                run.get("fetched").asLong(), requests, seconds, floor, (seconds / floor - 1) * 100, run.get("rateLimited").asLong());
        new BenchReport("ploomes-full-run")
                .setting("ploomes", run.get("fetched").asLong() + " products, PLOOMES_REQUESTS_PER_SECOND=2, simulator limit 120 requests/minute")
                .figure("ploomes paced run: floor (requests - 1) x 500 ms (limit)", floor, "s", null, null)
                .figure("ploomes full run of 11,793 products, 1 request / 500 ms", seconds, "s", "<= 105% of floor", floor)
                .note(requests + " requests, " + run.get("rateLimited").asLong() + " answered 429")
                .write();
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("fetched").asInt()).isEqualTo(11_793);
        assertThat(run.get("rateLimited").asInt()).isZero();
        assertThat(seconds).isLessThanOrEqualTo(floor * 1.05);
    }
}
