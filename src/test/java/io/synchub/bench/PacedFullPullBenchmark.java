package io.synchub.bench;

import io.platformsim.core.RecordedRequest;
import io.platformsim.woocommerce.WooConfig;
import io.platformsim.woocommerce.WooSimulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

/**
 * DESIGN §7: the full reconciliation pull of 11,793 products (100 per page) from a simulated WooCommerce that allows
 * 1 request / 500 ms (429 with Retry-After beyond it), against the floor that limit sets ((pages − 1) × 500 ms: the
 * earliest the last page can be served), within 5 %. The hub knows the limit (its WooCommerce pull-requests-per-second
 * is 2), as an integrator would configure it, and paces from the first request. From the start of the pull until all
 * products are in the central store; where the pull cannot finish, the report says how far it got and why.
 */
@Tag("benchmark")
@TestPropertySource(properties = "synchub.woocommerce.pull-requests-per-second=2")
class PacedFullPullBenchmark extends FullPullBenchSupport {

    private static final Duration LIMIT_INTERVAL = Duration.ofMillis(500);

    @Test
    void pacedFullPull() throws Exception {
        BenchReport report = report("full-pull-paced", "1 request / " + LIMIT_INTERVAL.toMillis()
                + " ms (simulator answers 429 with Retry-After beyond it); the hub's WooCommerce pull-requests-per-second: 2");
        try (WooSimulator limited = startWoo(WooConfig.defaults().withCatalogue(CATALOGUE)
                .withMinRequestInterval(LIMIT_INTERVAL))) {
            double floor = (PAGES - 1) * LIMIT_INTERVAL.toMillis() / 1000.0;
            long t0 = System.nanoTime();
            String failure = null;
            try {
                reconciliation.pull();
            } catch (RuntimeException e) {
                failure = e.getMessage();
            }
            double elapsed = (System.nanoTime() - t0) / 1e9;
            List<RecordedRequest> requests = limited.requests().all();
            long served = requests.stream().filter(r -> r.status() == 200).count();
            long throttled = requests.stream().filter(r -> r.status() == 429).count();
            report.figure("rate-limited pull: floor (pages - 1) x 500 ms (limit)", floor, "s", null, null)
                    .figure("rate-limited pull: pages served before the pull ended", served, "pages", null, null)
                    .note(throttled + " request(s) answered 429; " + requests.size() + " request(s) in all, in " + String.format("%.2f", elapsed) + " s");
            if (failure != null) {
                report.missed("full pull of " + PRODUCTS + " products, 1 request / 500 ms", "s", "<= 105% of floor", floor,
                        "the hub's pull stopped after " + served + " of " + PAGES + " pages: " + failure);
            } else {
                awaitProducts(PRODUCTS, Duration.ofMinutes(5));
                double total = (System.nanoTime() - t0) / 1e9;
                report.figure("full pull of " + PRODUCTS + " products, 1 request / 500 ms", total, "s", "<= 105% of floor", floor)
                        .figure("rate-limited pull / floor", 100 * total / floor, "%", "<= 105", null);
            }
        }
        report.write();
    }
}
