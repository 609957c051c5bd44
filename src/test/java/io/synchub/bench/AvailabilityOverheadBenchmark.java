package io.synchub.bench;

import io.platformsim.admin.AdminSimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the hub adds to a real-time availability answer (issue: < 20 ms p99): the admin panel simulator asked directly,
 * then the same question through {@code GET /api/v1/availability}, alternating, one at a time over loopback. The
 * overhead is the p99 of the hub's answers minus the p99 of the panel's own. Writes target/bench/availability.json.
 */
@Tag("benchmark")
@TestPropertySource(properties = {"synchub.holds.authority=admin", "ADMIN_API_KEY=bench-admin-key",
        "ADMIN_PRODUCTS_POLL_INTERVAL=1h", "ADMIN_CATEGORIES_POLL_INTERVAL=1h"})
class AvailabilityOverheadBenchmark extends HubTestSupport {

    static final AdminSimulator ADMIN = new AdminSimulator(0, "bench-admin-key").start();
    private static final int WARMUP = 300;
    private static final int RUNS = 1500;

    @DynamicPropertySource
    static void admin(DynamicPropertyRegistry registry) {
        registry.add("ADMIN_BASE_URL", ADMIN::baseUrl);
    }

    @Test
    void availabilityOverheadOverTheAuthority() throws Exception {
        ADMIN.setStock("BENCH-A", 100);
        ADMIN.setStock("BENCH-B", 100);
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest direct = HttpRequest.newBuilder(URI.create(ADMIN.baseUrl() + "/api/inventory/availability"))
                .header("X-API-Key", "bench-admin-key").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"items\":[{\"sku\":\"BENCH-A\",\"quantity\":1},{\"sku\":\"BENCH-B\",\"quantity\":1}]}"))
                .build();
        double[] panel = new double[RUNS];
        double[] viaHub = new double[RUNS];
        for (int i = -WARMUP; i < RUNS; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> d = http.send(direct, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            HubClient.Response h = hub.get("/api/v1/availability?skus=BENCH-A,BENCH-B");
            long t2 = System.nanoTime();
            assertThat(d.statusCode()).isEqualTo(200);
            assertThat(h.status()).isEqualTo(200);
            if (i >= 0) {
                panel[i] = (t1 - t0) / 1e6;
                viaHub[i] = (t2 - t1) / 1e6;
            }
        }
        Arrays.sort(panel);
        Arrays.sort(viaHub);
        double p99Panel = BenchReport.percentile(panel, 99);
        double p99Hub = BenchReport.percentile(viaHub, 99);
        new BenchReport("availability")
                .setting("requests", RUNS + " sequential pairs after " + WARMUP + " warm-up pairs, loopback, 2 SKUs each")
                .figure("availability_p99_overhead_over_admin_panel", p99Hub - p99Panel, "ms", "< 20 ms", null)
                .note("hub p99 " + round(p99Hub) + " ms vs panel p99 " + round(p99Panel) + " ms; medians "
                        + round(BenchReport.percentile(viaHub, 50)) + " vs " + round(BenchReport.percentile(panel, 50)) + " ms")
                .figure("availability_p99_via_hub", p99Hub, "ms", "informational", p99Panel)
                .write();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
