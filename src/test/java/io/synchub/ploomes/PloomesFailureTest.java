package io.synchub.ploomes;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.RecordedRequest;
import io.synchub.runs.SyncRuns;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A 429 storm, an outage and a crash mid-run against the simulator: every product stored once, errors counted right. */
class PloomesFailureTest extends PloomesTestSupport {

    @Autowired
    SyncRuns syncRuns;

    @AfterEach
    void healthy() {
        PLOOMES.faults().clear();
    }

    private long journalCount(Instant since, int status) {
        return PLOOMES.requests().matching(r -> !r.at().isBefore(since) && r.status() == status).size();
    }

    @Test
    void a429StormEndsWithEveryProductStoredOnceAndTheRateLimitsCounted() throws Exception {
        Instant since = Instant.now();
        PLOOMES.faults().throttleRate(0.3);
        JsonNode run = sync("{\"strategy\":\"full\",\"categories\":[\"atlas\"]}");
        PLOOMES.faults().clear();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        long throttled = journalCount(since, 429);
        assertThat(throttled).isPositive();
        assertThat(run.get("rateLimited").asLong()).isEqualTo(throttled);
        assertThat(run.at("/errors/rate_limit/count").asLong()).isEqualTo(throttled);
        assertThat(run.get("created").asInt()).isEqualTo(PLOOMES.categoryCounts().get("atlas"));
        assertThat(storedProducts()).isEqualTo(PLOOMES.categoryCounts().get("atlas"));
        assertThat(storedCategoryCounts().get("atlas")).isEqualTo(PLOOMES.categoryCounts().get("atlas"));
    }

    @Test
    void anOutageIsRetriedThroughAndEveryFailedRequestCountedAsNetwork() throws Exception {
        Instant since = Instant.now();
        PLOOMES.faults().outageNow(Duration.ofSeconds(3));
        JsonNode run = sync("{\"strategy\":\"full\",\"categories\":[\"ingersoll\"]}");
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        long unavailable = journalCount(since, 503);
        assertThat(unavailable).isPositive();
        assertThat(run.at("/errors/network/count").asLong()).isEqualTo(unavailable);
        assertThat(storedProducts()).isEqualTo(PLOOMES.categoryCounts().get("ingersoll"));
    }

    /**
     * The 60 s outage, starting while a run is under way. Wall time stays near the outage itself because the
     * test's retry delays are short (synchub.ploomes.retry-base 20 ms, breaker-open 300 ms in PloomesTestSupport;
     * production: 1 s doubling, 30 s open).
     */
    @Test
    void aSixtySecondOutageDuringARunEndsWithEveryProductStoredOnceAndEveryFailedRequestCounted() throws Exception {
        Instant since = Instant.now();
        PLOOMES.faults().latency(Duration.ofMillis(30), Duration.ZERO);
        HubClient.Response started = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\",\"categories\":[\"ingersoll\"]}");
        assertThat(started.status()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        HubClient.await(Duration.ofSeconds(60), "10 pages committed", () -> hub.get("/api/v1/sync/runs/" + id).json().get("pages").asInt() >= 10);
        PLOOMES.faults().outageNow(Duration.ofSeconds(60));
        long outageStart = System.nanoTime();
        assertThat(runner.await(id, 240_000)).isTrue();
        double outageSeen = (System.nanoTime() - outageStart) / 1e9;
        PLOOMES.faults().clear();
        JsonNode run = hub.get("/api/v1/sync/runs/" + id).json();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(outageSeen).as("the run waited the outage out").isGreaterThanOrEqualTo(59);
        long unavailable = journalCount(since, 503);
        assertThat(unavailable).isPositive();
        assertThat(run.at("/errors/network/count").asLong()).isEqualTo(unavailable);
        assertThat(run.get("failed").asInt()).isZero();
        int ingersoll = PLOOMES.categoryCounts().get("ingersoll");
        assertThat(run.get("created").asInt()).isEqualTo(ingersoll);
        assertThat(storedProducts()).isEqualTo(ingersoll);
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT external_variant_id) FROM product_links WHERE platform = 'PLOOMES'", Integer.class))
                .as("each product stored once").isEqualTo(ingersoll);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM product_links WHERE platform = 'PLOOMES'", Integer.class)).isEqualTo(ingersoll);
    }

    @Test
    void aRunStoppedMidwayIsInterruptedAndTheNextResumesFromTheCommittedCursor() throws Exception {
        PLOOMES.faults().latency(Duration.ofMillis(30), Duration.ZERO);
        HubClient.Response started = hub.post("/api/v1/sync/ploomes", "{}");
        long id = started.json().get("id").asLong();
        HubClient.await(Duration.ofSeconds(60), "30 pages committed", () -> hub.get("/api/v1/sync/runs/" + id).json().get("pages").asInt() >= 30);

        HubClient.Response second = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\"}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("message").asText()).contains("run " + id);

        runner.kill(id);
        assertThat(runner.await(id, 10_000)).isTrue();
        JsonNode killed = hub.get("/api/v1/sync/runs/" + id).json();
        assertThat(killed.get("status").asText()).isEqualTo("interrupted");
        PLOOMES.faults().clear();

        long resumeAfter = Long.parseLong(jdbc.queryForObject("SELECT cursor_value FROM sync_cursors WHERE source = 'ploomes.full'", String.class));
        int storedBefore = storedProducts();
        long remaining = PLOOMES.ids().stream().filter(i -> i > resumeAfter).count();
        assertThat(storedBefore).isGreaterThanOrEqualTo(PLOOMES.ids().indexOf(resumeAfter) + 1);

        JsonNode resumed = sync("{}");
        assertThat(resumed.get("strategy").asText()).isEqualTo("full");
        assertThat(resumed.get("status").asText()).as(resumed.toString()).isEqualTo("succeeded");
        assertThat(resumed.get("fetched").asLong()).isEqualTo(remaining);
        assertThat(storedProducts()).isEqualTo(11_793);
        assertThat(storedCategoryCounts()).isEqualTo(PLOOMES.categoryCounts());
    }

    @Test
    void aRunLeftRunningByADeadProcessIsMarkedInterruptedAtStart() {
        jdbc.update("INSERT INTO sync_runs (source, strategy, reason, status, started_at) VALUES ('ploomes', 'full', 'test', 'running', CURRENT_TIMESTAMP)");
        long id = jdbc.queryForObject("SELECT MAX(id) FROM sync_runs", Long.class);
        jdbc.update("INSERT INTO sync_run_locks (source, run_id) VALUES ('ploomes', ?)", id);
        syncRuns.markInterrupted();
        assertThat(hub.get("/api/v1/sync/runs/" + id).json().get("status").asText()).isEqualTo("interrupted");
        assertThat(syncRuns.runningId("ploomes")).isEmpty();
        assertThat(hub.get("/api/v1/sync/runs?source=ploomes&status=interrupted").json().get("items")).hasSize(1);
    }
}
