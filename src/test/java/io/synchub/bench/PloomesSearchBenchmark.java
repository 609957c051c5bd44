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

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

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
 * The mix runs from outside the JVM: {@code wrk} reads one request at a time (loopback HTTP, API key) while a second
 * {@code wrk} writes at one write per nine reads, first for a warm-up (in rounds, until the JIT compiles for less than
 * 5 % of a round: the cache and the code are warm), then measured; the search
 * latency is the reading {@code wrk}'s. The hit rate is the caches' own count (searches and products together) over the
 * measured period. Writes target/bench/ploomes-search-&lt;db&gt;.json.
 * {@code BENCHMARKS=PloomesSearchBenchmark bench/run}
 */
@Tag("benchmark")
class PloomesSearchBenchmark extends HubTestSupport {

    static final PloomesSimulator PLOOMES = new PloomesSimulator(PloomesConfig.defaults().withRequestsPerMinute(0, 0)).start();
    /** Pause of the reading connection after each answer: about 400 searches/s (the earlier in-JVM client ran at this pace). */
    private static final int READ_PAUSE_MS = Integer.getInteger("bench.search.read-pause-ms", 2);
    private static final int WARM_UP_ROUND_SECONDS = Integer.getInteger("bench.search.warmup-seconds", 10);
    private static final int WARM_UP_ROUNDS = 9;
    /** Warm when the JIT compiled for less than this share of a warm-up round. */
    private static final double JIT_QUIET_SHARE = 0.05;
    private static final int MEASURED_SECONDS = Integer.getInteger("bench.search.seconds", 20);
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
                .setting("catalogue", PLOOMES.productCount() + " Ploomes products (the seed's groups), pages of 100, no rate limit");

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

        // 2. search with the cache warm under a Zipf-like mix with 10 % writes, the load generated outside the JVM
        if (!Wrk.installed()) {
            report.missed("search p99, cache warm, Zipf mix with 10 % writes", "ms", "< 5", null,
                    "wrk is not installed (apt-get install wrk)").write();
            return;
        }
        Path dir = Files.createDirectories(Path.of("target", "bench", "ploomes-search-wrk"));
        List<Long> productIds = jdbc.queryForList("SELECT id FROM products ORDER BY id", Long.class);
        Collections.shuffle(productIds, new Random(42));
        Path reads = Files.write(dir.resolve("reads.txt"), readKinds());
        Path products = Files.write(dir.resolve("products.txt"), productIds.stream().map(String::valueOf).toList());
        Path readLua = Files.writeString(dir.resolve("reads.lua"), ZIPF_LUA + READ_LUA);
        Path writeLua = Files.writeString(dir.resolve("writes.lua"), ZIPF_LUA + WRITE_LUA);
        String url = "http://127.0.0.1:" + port;
        Path failed = dir.resolve("non-2xx.txt");
        Files.deleteIfExists(failed);
        search.warm();
        // reads at the pace of a busy catalogue (one connection, READ_PAUSE_MS between answers), writes paced to one per
        // nine reads: first guessed, then set from what the warm-up measured
        long writePauseMs = 9 * (READ_PAUSE_MS + 1) - 4;
        // warm: the same mix until the JIT has compiled what it serves (the hub runs in this JVM), at most WARM_UP_ROUNDS
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int warmSeconds = 0;
        long compiledMs = Long.MAX_VALUE;
        for (int round = 0; round < WARM_UP_ROUNDS && !jitQuiet(compiledMs); round++) {
            long jitBefore = jit.getTotalCompilationTime();
            Wrk.Result[] warm = mixed(readLua, writeLua, url, reads, products, failed, writePauseMs, WARM_UP_ROUND_SECONDS, dir, 2 + round);
            compiledMs = jit.getTotalCompilationTime() - jitBefore;
            writePauseMs = writePause(warm, writePauseMs);
            warmSeconds += WARM_UP_ROUND_SECONDS;
        }
        JsonNode before = search.stats();
        long jitBefore = jit.getTotalCompilationTime();
        Wrk.Result[] measured = mixed(readLua, writeLua, url, reads, products, failed, writePauseMs, MEASURED_SECONDS, dir, 100);
        long jitDuringMs = jit.getTotalCompilationTime() - jitBefore;
        JsonNode after = search.stats();
        Wrk.Result read = measured[0];
        Wrk.Result write = measured[1];
        long hits = delta(before, after, "hits");
        long misses = delta(before, after, "misses");
        double hitRate = 100.0 * hits / Math.max(1, hits + misses);
        double writeShare = 100.0 * write.requests() / Math.max(1, read.requests() + write.requests());
        report.setting("search mix", "after " + warmSeconds + " s of the same mix (" + (jitQuiet(compiledMs) ? "until" : "at most " + WARM_UP_ROUNDS
                        + " rounds, stopped before") + " the JIT compiled for less than " + Math.round(JIT_QUIET_SHARE * 100)
                        + " % of a " + WARM_UP_ROUND_SECONDS + " s round; JIT compile time in the last round " + compiledMs
                        + " ms, during the measured period " + jitDuringMs + " ms), " + MEASURED_SECONDS
                        + " s measured: wrk -t1 -c1 reads (Zipf 1/rank over the request kinds below, " + READ_PAUSE_MS
                        + " ms pause after each answer) and beside it wrk -t1 -c1 writes (PATCH, Zipf-popular products, price "
                        + "edits, 1 in 10 a rename) paced to 1 per 9 reads (" + writePauseMs + " ms pause); load "
                        + "generated outside the JVM; load average " + Wrk.loadAverage())
                .figure("search p50, cache warm, Zipf mix with 10 % writes", read.p("50"), "ms", null, null)
                .figure("search p99, cache warm, Zipf mix with 10 % writes", read.p("99"), "ms", "< 5", null)
                .note(read.requests() + " searches (" + Math.round(read.requestsPerSecond()) + "/s) and " + write.requests()
                        + " writes (" + String.format(Locale.ROOT, "%.1f", writeShare) + " % of the requests, p99 "
                        + write.p("99") + " ms) in " + MEASURED_SECONDS + " s")
                .figure("search cache hit rate under the mix", hitRate, "%", "> 70", null)
                .note(hits + " hits, " + misses + " misses (searches and products caches)")
                .write();
        assertThat(read.errors()).as(read.raw() + (Files.exists(failed) ? Files.readString(failed) : "")).isZero();
        assertThat(write.errors()).as(write.raw()).isZero();
        assertThat(write.requests()).as("writes happened beside the reads").isPositive();
    }

    /** Whether the JIT compiled for less than {@link #JIT_QUIET_SHARE} of a warm-up round. */
    private static boolean jitQuiet(long compiledMsInRound) {
        return compiledMsInRound <= WARM_UP_ROUND_SECONDS * 1000L * JIT_QUIET_SHARE;
    }

    /** The writers' pause that makes one write per nine reads, given what a run with {@code pauseMs} measured. */
    private static long writePause(Wrk.Result[] run, long pauseMs) {
        double targetWritesPerSecond = run[0].requestsPerSecond() * WRITE_SHARE / (1 - WRITE_SHARE);
        double busyMs = Math.max(0, 1000.0 / Math.max(1e-3, run[1].requestsPerSecond()) - pauseMs);
        return Math.max(0, Math.round(1000.0 / targetWritesPerSecond - busyMs));
    }

    private static List<String> readCommand(Path lua, String url, Path reads, Path failed, long seed) {
        return List.of("wrk", "-t1", "-c1", "--latency", "-s", lua.toString(), url, "--", reads.toString(), String.valueOf(seed), API_KEY,
                String.valueOf(READ_PAUSE_MS), failed.toString());
    }

    /** Reads and writes side by side for {@code seconds}: the reads' result, then the writes'. */
    private static Wrk.Result[] mixed(Path readLua, Path writeLua, String url, Path reads, Path products, Path failed,
                                      long writePauseMs, int seconds, Path dir, long seed) throws Exception {
        List<String> writeCommand = List.of("wrk", "-t1", "-c1", "--latency", "-s", writeLua.toString(), url, "--",
                products.toString(), String.valueOf(seed), API_KEY, String.valueOf(writePauseMs), failed.toString());
        CompletableFuture<Wrk.Result> writes = CompletableFuture.supplyAsync(() -> {
            try {
                return Wrk.run(writeCommand, seconds, dir);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Wrk.Result read = Wrk.run(readCommand(readLua, url, reads, failed, seed), seconds, dir);
        return new Wrk.Result[]{read, writes.get()};
    }

    /**
     * Lines of a file as a list and a Zipf (1/rank) draw over them; arguments: the file, a seed, the API key, the pause
     * after each answer (ms), a file where every answer other than 2xx is written with its request.
     */
    private static final String ZIPF_LUA = """
            local lines, cumulative, key, pause, failed, last = {}, {}, nil, 0, nil, nil
            function init(args)
              for line in io.lines(args[1]) do lines[#lines + 1] = line end
              local sum = 0
              for i = 1, #lines do sum = sum + 1 / i; cumulative[i] = sum end
              for i = 1, #lines do cumulative[i] = cumulative[i] / sum end
              math.randomseed(tonumber(args[2]))
              key = args[3]
              pause = tonumber(args[4])
              failed = args[5]
            end
            function delay() return pause end
            function response(status, headers, body)
              if status < 200 or status > 299 then
                local f = io.open(failed, "a")
                f:write(status, " ", last, " ", body:sub(1, 300), "\\n")
                f:close()
              end
            end
            local function zipf()
              local r, lo, hi = math.random(), 1, #cumulative
              while lo < hi do
                local mid = math.floor((lo + hi) / 2)
                if cumulative[mid] < r then lo = mid + 1 else hi = mid end
              end
              return lines[lo]
            end
            """;

    private static final String READ_LUA = """
            function request()
              last = "GET " .. zipf()
              return wrk.format("GET", last:sub(5), {["X-API-Key"] = key})
            end
            """;

    private static final String WRITE_LUA = """
            function request()
              local body
              if math.random(10) == 1 then
                body = '{"name":"Renamed ' .. math.random(1000000) .. '"}'
              else
                body = string.format('{"netSalesPrice":%.2f}', (10000 + math.random(0, 899999)) / 100)
              end
              last = "PATCH /api/v1/products/" .. zipf() .. " " .. body
              return wrk.format("PATCH", "/api/v1/products/" .. last:match("products/(%d+)"),
                  {["X-API-Key"] = key, ["Content-Type"] = "application/json"}, body)
            end
            """;

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
            kinds.add("/api/sync/products/search?q=" + encoded(w) + "&limit=20");
        }
        for (int i = 0; i < 40 && i < words.size(); i++) {
            kinds.add("/api/sync/products/search?q=" + encoded(words.get(i)) + "&category=" + categories.get(i % categories.size()) + "&limit=20");
        }
        List<String> list = new ArrayList<>(kinds);
        Collections.shuffle(list, new Random(7));
        return list;
    }

    /** As a client sends it: the words of Portuguese product names carry accents. */
    private static String encoded(String word) {
        return java.net.URLEncoder.encode(word, java.nio.charset.StandardCharsets.UTF_8);
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
}
