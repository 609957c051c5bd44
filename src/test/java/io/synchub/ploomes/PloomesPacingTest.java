package io.synchub.ploomes;

import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.platform.ploomes.PloomesApi;
import io.synchub.platform.ploomes.PloomesDeclaration;
import io.synchub.runs.RunCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * All requests of the pull share one PLOOMES_REQUESTS_PER_SECOND limit, paced from the first request: against the
 * simulator's 120/minute limit, 3 pages in flight take the floor the rate sets (within 5 %) and see no 429; an
 * unpaced client is throttled and honours Retry-After.
 */
class PloomesPacingTest {

    private PloomesSimulator sim;

    @AfterEach
    void stop() {
        sim.close();
    }

    private PloomesApi api(String rate) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("PLOOMES_BASE_URL", sim.baseUrl())
                .withProperty("PLOOMES_USER_KEY", sim.config().userKey())
                .withProperty("PLOOMES_REQUESTS_PER_SECOND", rate);
        return new PloomesApi(new PloomesDeclaration("mappings", env), Duration.ofMillis(20), 3, Duration.ofMillis(300),
                Duration.ofMinutes(1), 50);
    }

    /** {@code total} GETs of one page each from {@code threads} threads; returns seconds from first to last answer. */
    private double fetch(PloomesApi api, RunCounters run, int total, int threads) throws Exception {
        AtomicInteger left = new AtomicInteger(total);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            fs.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    assertThat(api.get("/Products?$top=10", run).path("value").size()).isEqualTo(10);
                }
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        return (System.nanoTime() - t0) / 1e9;
    }

    @Test
    void threePagesInFlightKeepToTwoRequestsASecondWithinFivePercentOfTheFloor() throws Exception {
        sim = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(120, 2), 200, 1).start();
        RunCounters run = new RunCounters();
        int requests = 16;
        double seconds = fetch(api("2"), run, requests, 3);
        double floor = (requests - 1) / 2.0;
        System.out.printf("ploomes paced: %d requests at 2/s in %.2f s, floor %.2f s (%.1f %% over)%n", requests, seconds, floor,
                (seconds / floor - 1) * 100);
        assertThat(seconds).isBetween(floor * 0.98, floor * 1.05);
        assertThat(sim.rateLimitedCount()).isZero();
        assertThat(run.requests.get()).isEqualTo(requests);
    }

    @Test
    void anUnpacedClientIsThrottledAndWaitsRetryAfterUntilEveryRequestSucceeds() throws Exception {
        sim = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(120, 3), 200, 1).start();
        RunCounters run = new RunCounters();
        fetch(api("0"), run, 8, 3);
        assertThat(sim.rateLimitedCount()).isPositive();
        assertThat(run.rateLimited.get()).isEqualTo(sim.rateLimitedCount());
        assertThat(run.errors(RunCounters.ErrorClass.rate_limit)).isEqualTo(sim.rateLimitedCount());
        assertThat(run.requests.get()).isEqualTo(8 + sim.rateLimitedCount());
    }
}
