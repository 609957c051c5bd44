package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubProcess;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §7: start-up &lt; 10 s and steady memory under load &lt; 768 MB RSS, on the hub launched as it ships:
 * {@code java <the pom's JVM options> -jar synchub.jar} on the extracted-jar layout (see {@link ShippedLaunch}), with
 * and without the class data sharing archive of a training run (the Dockerfile ships one). Start-up = process launch
 * until /actuator/health answers UP, each on a fresh database; the runs alternate without / with the archive
 * ({@code bench.footprint.rounds} each) and the medians are reported with the load average before every run (the
 * machine is shared). Then, on the last hub started with the archive, an open-loop webhook load (distinct Shopify
 * products, so every delivery is a real create) while RSS (/proc/&lt;pid&gt;/status VmRSS) and heap
 * (/actuator/metrics/jvm.memory.used, area heap) are sampled every 500 ms. The limit measured in the same run: the
 * same process's RSS when idle right after start-up.
 */
@Tag("benchmark")
class ProcessFootprintBenchmark {

    private static final int RATE = Integer.getInteger("bench.footprint.rate", 150);
    private static final int SECONDS = Integer.getInteger("bench.footprint.seconds", 30);
    private static final int ROUNDS = Integer.getInteger("bench.footprint.rounds", 3);

    private record Started(HubProcess hub, double seconds, String load) {
    }

    @Test
    void startUpAndMemoryUnderLoad(@TempDir Path dir) throws Exception {
        ShippedLaunch shipped = ShippedLaunch.assemble(dir.resolve("app"));
        Path archive = shipped.train(dir.resolve("app").resolve("synchub.jsa"), properties(dir.resolve("training")),
                Files.createFile(dir.resolve("training.log")));
        List<String> withArchive = shipped.command("-XX:SharedArchiveFile=" + archive);

        double[] plain = new double[ROUNDS];
        double[] cds = new double[ROUNDS];
        List<String> runs = new ArrayList<>();
        Started last = null;
        for (int i = 0; i < ROUNDS; i++) {
            Started without = start(shipped.command(), dir.resolve("plain-" + i));
            without.hub().close();
            plain[i] = without.seconds();
            runs.add(String.format("without archive %.2f s (load %s)", without.seconds(), without.load()));
            last = start(withArchive, dir.resolve("cds-" + i));
            // the JVM ignores an archive that does not match (other jars, other JVM) with one warning and starts without
            assertThat(Files.readString(dir.resolve("cds-" + i).resolve("hub.log")))
                    .as("the start with the archive used it").doesNotContain("Unable to use shared archive");
            cds[i] = last.seconds();
            runs.add(String.format("with archive %.2f s (load %s)", last.seconds(), last.load()));
            if (i < ROUNDS - 1) {
                last.hub().close();
            }
        }
        try (HubProcess hub = last.hub()) {
            long pid = hub.pid();
            Thread.sleep(3_000);
            double idleRss = rssMb(pid);
            String base = "http://localhost:" + hub.port;
            HttpClient http = HttpClient.newHttpClient();

            int n = RATE * SECONDS;
            List<byte[]> bodies = InboundPipelineBenchmark.payloads(n, "19.99", 50_000_000);
            List<double[]> samples = new ArrayList<>();
            AtomicBoolean loading = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                long s0 = System.nanoTime();
                while (loading.get()) {
                    try {
                        samples.add(new double[]{(System.nanoTime() - s0) / 1e9, rssMb(pid), heapMb(http, base)});
                        Thread.sleep(500);
                    } catch (Exception e) {
                        return;
                    }
                }
            }, "footprint-sampler");
            sampler.start();
            OpenLoopLoad.Sent sent = OpenLoopLoad.send(RATE, n, i ->
                    PushLatencyBenchmark.shopifyUpdate(base + "/webhooks/shopify", bodies.get(i), "fp-" + i));
            loading.set(false);
            sampler.join();
            assertThat(sent.failures()).as("webhooks not answered 200: the load never got in").isLessThan(n);
            assertThat(samples).hasSizeGreaterThan(SECONDS);

            // steady state: the second half of the load
            List<double[]> steady = samples.subList(samples.size() / 2, samples.size());
            double rssMax = steady.stream().mapToDouble(s -> s[1]).max().orElseThrow();
            double rssMean = steady.stream().mapToDouble(s -> s[1]).average().orElseThrow();
            double heapMax = steady.stream().mapToDouble(s -> s[2]).max().orElseThrow();
            double[] lat = sent.latenciesMs().clone();
            java.util.Arrays.sort(lat);
            new BenchReport("footprint")
                    .setting("process", "java " + String.join(" ", shipped.jvmOptions) + " [-XX:SharedArchiveFile=synchub.jsa]"
                            + " -jar synchub.jar, the extracted-jar layout assembled from target/classes and the runtime"
                            + " dependencies (the packaged jar does not exist during mvn test), own "
                            + (TestDatabase.postgres() ? "PostgreSQL schema" : "H2 file database") + " per start")
                    .setting("start-up runs, in order", String.join("; ", runs))
                    .setting("load", RATE + " Shopify products/update webhooks/s open loop for " + SECONDS
                            + " s, each a new product, on the last hub started with the archive")
                    .figure("start-up to health UP, shipped JVM options + CDS archive (median of " + ROUNDS + ")",
                            median(cds), "s", "< 10", null)
                    .note("the archive comes from a training run of the same jar layout (as the Dockerfile makes it); load averages per run in the settings")
                    .figure("start-up to health UP, shipped JVM options, no CDS archive (median of " + ROUNDS + ")",
                            median(plain), "s", null, null)
                    .figure("RSS idle after start-up (limit)", idleRss, "MB", null, null)
                    .figure("RSS under steady webhook load (max)", rssMax, "MB", "< 768", idleRss)
                    .figure("RSS under steady webhook load (mean)", rssMean, "MB", null, null)
                    .figure("heap used under steady webhook load (max)", heapMax, "MB", null, null)
                    .figure("offered webhook rate", sent.offeredRate(), "req/s", null, null)
                    .figure("webhook accept latency p99 under this load", BenchReport.percentile(lat, 99), "ms", null, null)
                    .figure("webhooks not answered 200 (errors, 30 s timeouts)", sent.failures(), "requests", null, null)
                    .note("a memory figure is only steady-load evidence when this is 0; on an overloaded machine the hub lags the offered rate")
                    .write();
        }
    }

    /** A hub on its own fresh database (H2 file or PostgreSQL schema), timed from launch to health UP. */
    private static Started start(List<String> launch, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, String> props = properties(dir);
        Path log = Files.createFile(dir.resolve("hub.log"));
        String load = ShippedLaunch.loadAverage();
        long t0 = System.nanoTime();
        HubProcess hub = HubProcess.start(launch, HubProcess.freePort(), props, log);
        return new Started(hub, (System.nanoTime() - t0) / 1e9, load);
    }

    private static Map<String, String> properties(Path dir) {
        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", HubTestSupport.API_KEY);
        props.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        props.put("synchub.operator.metrics-token", HubTestSupport.METRICS_TOKEN);
        props.put("logging.level.io.synchub", "WARN");
        props.put("logging.level.org.apache.camel", "WARN");
        return props;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double rssMb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static double heapMb(HttpClient http, String base) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/metrics/jvm.memory.used?tag=area:heap"))
                .header("Authorization", "Bearer " + HubTestSupport.METRICS_TOKEN).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode m = CanonicalJson.parse(r.body());
        return m.path("measurements").get(0).path("value").asDouble() / (1024 * 1024);
    }
}
