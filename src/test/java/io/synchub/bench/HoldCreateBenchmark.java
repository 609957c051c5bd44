package io.synchub.bench;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hold creates per second with the hub as inventory authority: 8 clients create 1-unit holds on 50 SKUs (each
 * reservation locks its SKU's row) for 15 s over loopback; every create is an HTTP request, a database transaction
 * with the row lock, the hold, its history row and its event. Writes target/bench/holds.json (informational).
 */
@Tag("benchmark")
@TestPropertySource(properties = "synchub.holds.authority=hub")
class HoldCreateBenchmark extends HubTestSupport {

    private static final int CLIENTS = 8;
    private static final int SKUS = 50;
    private static final long MEASURE_MS = 15_000;

    @Test
    void holdCreatesPerSecond() throws Exception {
        for (int i = 0; i < SKUS; i++) {
            assertThat(hub.post("/api/v1/products", "{\"sku\":\"HB-" + i + "\",\"name\":\"Bench " + i + "\",\"available\":1000000}").status())
                    .isIn(200, 201);
        }
        for (int i = 0; i < 200; i++) { // warm-up
            assertThat(hub.post("/api/v1/holds", body(i)).status()).isEqualTo(201);
        }
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<long[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            results.add(pool.submit(() -> {
                HubClient own = new HubClient("http://localhost:" + port, API_KEY);
                long created = 0;
                long failed = 0;
                for (int n = client; !stop.get(); n += CLIENTS) {
                    if (own.post("/api/v1/holds", body(n)).status() == 201) {
                        created++;
                    } else {
                        failed++;
                    }
                }
                return new long[]{created, failed};
            }));
        }
        Thread.sleep(MEASURE_MS);
        stop.set(true);
        long created = 0;
        long failed = 0;
        for (Future<long[]> f : results) {
            long[] r = f.get();
            created += r[0];
            failed += r[1];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdownNow();
        assertThat(failed).isZero();
        new BenchReport("holds")
                .setting("load", CLIENTS + " closed-loop clients in the test JVM, " + SKUS + " SKUs, 1-unit holds, " + MEASURE_MS / 1000 + " s")
                .figure("hold_creates_per_second_hub_authority", created / seconds, "/s", "informational", null)
                .write();
    }

    private static String body(int n) {
        return "{\"items\":[{\"sku\":\"HB-" + (n % SKUS) + "\",\"quantity\":1}],\"sessionId\":\"bench-" + n + "\"}";
    }
}
