package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.ploomes.PloomesConfig;
import io.platformsim.ploomes.PloomesSimulator;
import io.synchub.runs.SyncRunner;
import io.synchub.search.ProductSearch;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §5 targets of the Ploomes catalogue, measured on one hub against the simulator with the seed's 11,793 products:
 * <ol>
 *   <li>a full run without a rate limit from a cold start (empty store, fresh JVM caches): &lt; 10 s from the run's
 *       start to its end (every product committed);</li>
 *   <li>search with the cache warm: p99 &lt; 5 ms and hit rate &gt; 70 % under a realistic mix — requests drawn with
 *       Zipf-like popularity (weight 1/rank) from the searches people make (seed search by text and category, the
 *       catalogue list by type and brand, the category counts), 10 % of them writes (price edits of Zipf-popular
 *       products through {@code PATCH /api/v1/products/{id}}, one in ten a rename, which changes what searches
 *       select).</li>
 * </ol>
 * Latency is measured in the client (loopback HTTP, API key), one request at a time. The hit rate is the caches' own
 * count (searches and products together) over the measured requests. Writes target/bench/ploomes-search-&lt;db&gt;.json.
 * {@code BENCHMARKS=PloomesSearchBenchmark bench/run}
 */
@Tag("benchmark")
class PloomesSearchBenchmark extends HubTestSupport {

    static final PloomesSimulator PLOOMES = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0)).start();
    private static final int WARM_UP = Integer.getInteger("bench.search.warmup", 3_000);
    private static final int MEASURED = Integer.getInteger("bench.search.requests", 10_000);
    private static final double WRITE_SHARE = 0.10;

    @Autowired
    SyncRunner runner;
    @Autowired
    ProductSearch search;

    @DynamicPropertySource
    static void ploomes(DynamicPropertyRegistry r) {
        r.add("PLOOMES_BASE_URL", PLOOMES::baseUrl);
        r.add("PLOOMES_USER_KEY", () -> PLOOMES.config().userKey());
        r.add("PLOOMES_OMIE_CREATOR_IDS", () -> String.valueOf(PLOOMES.config().omieCreatorId()));
        r.add("PLOOMES_REQUESTS_PER_SECOND", () -> "0");
        r.add("PLOOMES_SYNC_INITIAL_DELAY", () -> "1h");
        r.add("PLOOMES_INCREMENTAL_INTERVAL", () -> "1h");
    }

    @AfterAll
    static void stopSimulator() {
        PLOOMES.close();
    }

    @Test
    void fullRunUnthrottledThenSearchUnderAZipfMixWithWrites() throws Exception {
        BenchReport report = new BenchReport("ploomes-search")
                .setting("catalogue", PLOOMES.productCount() + " Ploomes products (the seed's groups), pages of 100, no rate limit")
                .setting("search mix", WARM_UP + " warm-up + " + MEASURED + " measured requests, one at a time, Zipf (1/rank) over "
                        + "the request kinds below, " + Math.round(WRITE_SHARE * 100) + " % writes (price edits, 1 in 10 a rename)");

        // 1. full run from a cold start, unthrottled
        assertThat(count("SELECT COUNT(*) FROM products")).isZero();
        HubClient.Response started = hub.post("/api/v1/sync/ploomes", "{\"strategy\":\"full\"}");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        long id = started.json().get("id").asLong();
        assertThat(runner.await(id, 600_000)).isTrue();
        JsonNode run = hub.get("/api/v1/sync/runs/" + id).json();
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("fetched").asInt()).isEqualTo(PLOOMES.productCount());
        double seconds = Duration.between(Instant.parse(run.get("startedAt").asText()), Instant.parse(run.get("finishedAt").asText()))
                .toMillis() / 1000.0;
        report.figure("ploomes full run of " + PLOOMES.productCount() + " products, no rate limit, cold start", seconds, "s", "< 10", null)
                .note(run.get("requests").asLong() + " requests, " + run.get("created").asLong() + " created, "
                        + run.get("recordsPerSecond").asDouble() + " records/s as the run log reports it");

        // 2. search with the cache warm under a Zipf-like mix with 10 % writes
        List<String> reads = readKinds();
        List<Long> productIds = jdbc.queryForList("SELECT id FROM products ORDER BY id", Long.class);
        Random random = new Random(42);
        Collections.shuffle(productIds, random);
        Zipf readRank = new Zipf(reads.size());
        Zipf productRank = new Zipf(productIds.size());
        search.warm();
        for (int i = 0; i < WARM_UP; i++) {
            step(reads, productIds, readRank, productRank, random, null);
        }
        JsonNode before = search.stats();
        double[] latencies = new double[MEASURED];
        int[] n = {0};
        long writes = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < MEASURED; i++) {
            if (step(reads, productIds, readRank, productRank, random, latencies, n)) {
                writes++;
            }
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        JsonNode after = search.stats();
        double[] sorted = Arrays.copyOf(latencies, n[0]);
        Arrays.sort(sorted);
        long hits = delta(before, after, "hits");
        long misses = delta(before, after, "misses");
        double hitRate = 100.0 * hits / Math.max(1, hits + misses);
        report.figure("search p50, cache warm, Zipf mix with 10 % writes", BenchReport.percentile(sorted, 50), "ms", null, null)
                .figure("search p99, cache warm, Zipf mix with 10 % writes", BenchReport.percentile(sorted, 99), "ms", "< 5", null)
                .note(sorted.length + " searches and " + writes + " writes in " + String.format(Locale.ROOT, "%.1f", elapsed) + " s")
                .figure("search cache hit rate under the mix", hitRate, "%", "> 70", null)
                .note(hits + " hits, " + misses + " misses (searches and products caches)")
                .series("searchLatenciesMs", sorted)
                .write();
        assertThat(sorted.length).isGreaterThan(MEASURED / 2);
    }

    private boolean step(List<String> reads, List<Long> productIds, Zipf readRank, Zipf productRank, Random random,
                         double[] latencies, int... n) {
        if (random.nextDouble() < WRITE_SHARE) {
            long product = productIds.get(productRank.next(random));
            String body = random.nextInt(10) == 0
                    ? "{\"name\":\"Renamed " + random.nextInt(1_000_000) + "\"}"
                    : "{\"netSalesPrice\":" + java.math.BigDecimal.valueOf(10_000 + random.nextInt(900_000), 2).toPlainString() + "}";
            HubClient.Response r = hub.patch("/api/v1/products/" + product, body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return true;
        }
        String path = reads.get(readRank.next(random));
        long s = System.nanoTime();
        HubClient.Response r = hub.get(path);
        double ms = (System.nanoTime() - s) / 1e6;
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        if (latencies != null) {
            latencies[n[0]++] = ms;
        }
        return false;
    }

    /** The searches people make, most popular first after a fixed shuffle: text, category, type, brand, paging, counts. */
    private List<String> readKinds() {
        Set<String> kinds = new LinkedHashSet<>();
        kinds.add("/api/v1/products/categories");
        kinds.add("/api/sync/products/categories");
        List<String> categories = List.of("services", "rentals", "atlas", "ingersoll", "omie");
        for (String c : categories) {
            for (int page = 0; page < 5; page++) {
                kinds.add("/api/sync/products/search?category=" + c + "&limit=20&offset=" + page * 20);
            }
        }
        for (String type : List.of("product", "service", "rental")) {
            for (int page = 0; page < 5; page++) {
                kinds.add("/api/v1/products?type=" + type + "&limit=20&offset=" + page * 20);
            }
        }
        for (String brand : List.of("Atlas%20Copco", "Ingersoll%20Rand")) {
            kinds.add("/api/v1/products?brand=" + brand + "&limit=20");
        }
        // text searches: the words product names are made of (what a salesperson types), alone and with a category
        List<String> words = new ArrayList<>();
        for (String name : jdbc.queryForList("SELECT name FROM products WHERE name IS NOT NULL ORDER BY id", String.class)) {
            for (String w : name.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                if (w.length() >= 4 && !words.contains(w)) {
                    words.add(w);
                }
            }
            if (words.size() >= 150) {
                break;
            }
        }
        for (String w : words) {
            kinds.add("/api/sync/products/search?q=" + w + "&limit=20");
        }
        for (int i = 0; i < 40 && i < words.size(); i++) {
            kinds.add("/api/sync/products/search?q=" + words.get(i) + "&category=" + categories.get(i % categories.size()) + "&limit=20");
        }
        List<String> list = new ArrayList<>(kinds);
        Collections.shuffle(list, new Random(7));
        return list;
    }

    private static long delta(JsonNode before, JsonNode after, String field) {
        long d = 0;
        for (String cache : List.of("products", "productSearches")) {
            d += after.path(cache).path(field).asLong() - before.path(cache).path(field).asLong();
        }
        return d;
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    /** Ranks 0..n-1 drawn with probability proportional to 1/(rank+1). */
    static final class Zipf {
        private final double[] cumulative;

        Zipf(int n) {
            cumulative = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1.0 / (i + 1);
                cumulative[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cumulative[i] /= sum;
            }
        }

        int next(Random random) {
            int i = Arrays.binarySearch(cumulative, random.nextDouble());
            return Math.min(cumulative.length - 1, i >= 0 ? i : -i - 1);
        }
    }
}
