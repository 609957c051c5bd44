package io.synchub.bench;

import io.platformsim.admin.AdminSimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubProcess;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The availability overhead (issue: < 20 ms p99 over the authority's own latency) with the load generated outside the
 * hub's JVM: the hub runs as its own process, the admin panel simulator in this one, and {@code wrk} (a separate
 * native process) drives the same concurrent load first at the panel's availability endpoint, then at the hub's
 * {@code GET /api/v1/availability}, which asks the panel for every request. Overhead = hub p99 − panel p99.
 * Without {@code wrk} on the PATH the figure is reported as not measured. Writes target/bench/availability-external-*.json.
 */
@Tag("benchmark")
class AvailabilityExternalLoadBenchmark {

    private static final String PANEL_KEY = "bench-admin-key";
    private static final String HUB_KEY = "bench-hub-key";
    private static final int CONNECTIONS = 4;
    private static final int SECONDS = 15;

    @TempDir
    Path dir;

    @Test
    void availabilityOverheadUnderExternalLoad() throws Exception {
        BenchReport report = new BenchReport("availability-external")
                .setting("load", "wrk -t1 -c" + CONNECTIONS + " -d" + SECONDS + "s --latency (after a 5 s warm-up each), "
                        + "first at the admin panel simulator, then at the hub; hub in its own JVM (-Xmx512m), loopback, 2 SKUs");
        if (!Wrk.installed()) {
            report.missed("availability_p99_overhead_external_load", "ms", "< 20 ms", null, "wrk is not installed (apt-get install wrk)").write();
            return;
        }
        try (AdminSimulator admin = new AdminSimulator(0, PANEL_KEY).start()) {
            admin.setStock("BENCH-A", 100);
            admin.setStock("BENCH-B", 100);
            Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
            props.put("synchub.api-keys", HUB_KEY);
            props.put("synchub.api-key-file", dir.resolve("api-key").toString());
            props.put("synchub.holds.authority", "admin");
            props.put("ADMIN_BASE_URL", admin.baseUrl());
            props.put("ADMIN_API_KEY", PANEL_KEY);
            props.put("ADMIN_PRODUCTS_POLL_INTERVAL", "1h");
            props.put("ADMIN_CATEGORIES_POLL_INTERVAL", "1h");
            props.put("logging.level.root", "WARN");
            try (HubProcess hub = HubProcess.start(props, dir.resolve("hub.log"))) {
                HubClient client = new HubClient("http://localhost:" + hub.port, HUB_KEY);
                // the first calls of a cold hub may miss the panel's 800 ms timeout (and open the breaker for a while)
                HubClient.await(java.time.Duration.ofSeconds(60), "the hub answering availability from the panel",
                        () -> client.get("/api/v1/availability?skus=BENCH-A,BENCH-B").status() == 200);

                Path post = dir.resolve("panel-availability.lua");
                Files.writeString(post, "wrk.method = \"POST\"\n"
                        + "wrk.body = '{\"items\":[{\"sku\":\"BENCH-A\",\"quantity\":1},{\"sku\":\"BENCH-B\",\"quantity\":1}]}'\n"
                        + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                        + "wrk.headers[\"X-API-Key\"] = \"" + PANEL_KEY + "\"\n");
                List<String> panelCmd = List.of("wrk", "-t1", "-c" + CONNECTIONS, "-s", post.toString(), "--latency",
                        admin.baseUrl() + "/api/inventory/availability");
                List<String> hubCmd = List.of("wrk", "-t1", "-c" + CONNECTIONS, "-H", "X-API-Key: " + HUB_KEY, "--latency",
                        "http://127.0.0.1:" + hub.port + "/api/v1/availability?skus=BENCH-A,BENCH-B");

                Wrk.run(panelCmd, 5, dir);
                Wrk.Result panel = Wrk.run(panelCmd, SECONDS, dir);
                Wrk.run(hubCmd, 5, dir);
                Wrk.Result viaHub = Wrk.run(hubCmd, SECONDS, dir);

                report.figure("availability_p99_overhead_external_load", viaHub.p("99") - panel.p("99"), "ms", "< 20 ms", null)
                        .note("hub p99 " + round(viaHub.p("99")) + " ms vs panel p99 " + round(panel.p("99")) + " ms; p50 "
                                + round(viaHub.p("50")) + " vs " + round(panel.p("50")) + " ms; " + CONNECTIONS
                                + " concurrent connections from wrk; load average " + loadAverage())
                        .figure("availability_p99_via_hub_external_load", viaHub.p("99"), "ms", "informational", panel.p("99"))
                        .figure("availability_rate_via_hub_external_load", viaHub.requestsPerSecond(), "req/s", "informational",
                                panel.requestsPerSecond())
                        .figure("availability_non_2xx_via_hub_external_load", viaHub.errors(), "requests", "0", null)
                        .write();
                assertThat(viaHub.errors()).as(viaHub.raw()).isZero();
                assertThat(panel.errors()).as(panel.raw()).isZero();
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (Exception e) {
            return "?";
        }
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
