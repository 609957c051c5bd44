package io.synchub.bench;

import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.RecordedRequest;
import io.platformsim.woocommerce.WooConfig;
import io.platformsim.woocommerce.WooSimulator;
import io.synchub.platform.woocommerce.WooCommerceReconciliation;
import io.synchub.support.HubClient;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §7: a full reconciliation pull of 11,793 products from a simulated WooCommerce (100 per page) — from the start
 * of the pull until all of them are products in the central store — without a rate limit (&lt; 10 s), and with a
 * 1 request / 500 ms limit against the floor that limit sets ((pages − 1) × 500 ms: the earliest the last page can be
 * served), within 5 %. The hub's own pull is measured (WooCommerceReconciliation.pull, then drain-inbox); where it
 * cannot finish, the report says how far it got and why, with no value.
 */
@Tag("benchmark")
class FullPullBenchmark extends SimulatedWooBenchSupport {

    private static final int PRODUCTS = Integer.getInteger("bench.pull.products", 11_793);
    private static final Duration LIMIT_INTERVAL = Duration.ofMillis(500);

    @Autowired
    WooCommerceReconciliation reconciliation;

    @Test
    void fullPull() throws Exception {
        CatalogueSpec catalogue = new CatalogueSpec(PRODUCTS, 42, 0.0, 1);
        int pages = (PRODUCTS + 99) / 100;
        BenchReport report = new BenchReport("full-pull")
                .setting("catalogue", PRODUCTS + " simple WooCommerce products with SKUs, " + pages + " pages of 100")
                .setting("rate limit", "1 request / " + LIMIT_INTERVAL.toMillis() + " ms (simulator answers 429 with Retry-After beyond it)");

        try (WooSimulator woo = startWoo(WooConfig.defaults().withCatalogue(catalogue))) {
            double rawFetch = rawFetchSeconds(woo, pages);
            long t0 = System.nanoTime();
            String summary = reconciliation.pull();
            double fetched = (System.nanoTime() - t0) / 1e9;
            assertThat(summary).contains(PRODUCTS + " product(s) queued");
            awaitProducts(PRODUCTS, Duration.ofMinutes(5));
            double total = (System.nanoTime() - t0) / 1e9;
            report.figure("raw GET of all pages, no processing (limit)", rawFetch, "s", null, null)
                    .figure("full pull, pages fetched and queued in the inbox", fetched, "s", null, null)
                    .figure("full pull of " + PRODUCTS + " products into the store, no rate limit", total, "s", "< 10", rawFetch)
                    .figure("full pull throughput, no rate limit", PRODUCTS / total, "products/s", null, null);
        }

        TestDatabase.clean(jdbc);
        try (WooSimulator limited = startWoo(WooConfig.defaults().withCatalogue(catalogue)
                .withMinRequestInterval(LIMIT_INTERVAL))) {
            double floor = (pages - 1) * LIMIT_INTERVAL.toMillis() / 1000.0;
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
                        "the hub's pull stopped after " + served + " of " + pages + " pages: " + failure
                                + " (the reconciliation pull neither paces its requests nor honours Retry-After)");
            } else {
                awaitProducts(PRODUCTS, Duration.ofMinutes(5));
                double total = (System.nanoTime() - t0) / 1e9;
                report.figure("full pull of " + PRODUCTS + " products, 1 request / 500 ms", total, "s", "<= 105% of floor", floor)
                        .figure("rate-limited pull / floor", 100 * total / floor, "%", "<= 105", null);
            }
        }
        report.write();
    }

    /** The floor of the unlimited pull on this machine: every page fetched by a plain client, bodies read, nothing done with them. */
    private static double rawFetchSeconds(WooSimulator woo, int pages) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString((woo.config().consumerKey() + ":" + woo.config().consumerSecret())
                .getBytes(StandardCharsets.UTF_8));
        for (int warm = 0; warm < 2; warm++) {
            long t0 = System.nanoTime();
            long bytes = 0;
            for (int page = 1; page <= pages; page++) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(woo.apiUrl() + "/products?modified_after=2000-01-01T00:00:00"
                        + "&dates_are_gmt=true&per_page=100&orderby=modified&order=asc&page=" + page)).header("Authorization", auth).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                bytes += r.body().length();
            }
            if (warm == 1) {
                assertThat(bytes).isPositive();
                woo.requests().clear();
                return (System.nanoTime() - t0) / 1e9;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    private void awaitProducts(int expected, Duration timeout) {
        HubClient.await(timeout, expected + " products in the store", () -> count("SELECT COUNT(*) FROM products") >= expected);
        assertThat(count("SELECT COUNT(*) FROM products")).isEqualTo(expected);
    }
}
