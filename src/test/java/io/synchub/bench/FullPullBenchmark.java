package io.synchub.bench;

import io.platformsim.woocommerce.WooConfig;
import io.platformsim.woocommerce.WooSimulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §7: a full reconciliation pull of 11,793 products from a simulated WooCommerce (100 per page) — from the start
 * of the pull until all of them are products in the central store — without a rate limit (&lt; 10 s). The hub is told
 * the platform has none (a request rate it never reaches); {@link PacedFullPullBenchmark} measures the pull against a
 * limit. The hub's own pull is measured (WooCommerceReconciliation.pull, then drain-inbox).
 */
@Tag("benchmark")
@TestPropertySource(properties = "synchub.woocommerce.pull-requests-per-second=1000")
class FullPullBenchmark extends FullPullBenchSupport {

    @Test
    void fullPull() throws Exception {
        BenchReport report = report("full-pull", "none (the hub's WooCommerce pull-requests-per-second: 1000)");

        try (WooSimulator woo = startWoo(WooConfig.defaults().withCatalogue(CATALOGUE))) {
            double rawFetch = rawFetchSeconds(woo, PAGES);
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
}
