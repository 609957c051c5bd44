package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubProcess;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * DESIGN §7: start-up &lt; 10 s and steady memory under load &lt; 768 MB RSS, on the hub as its own operating-system
 * process (the tests' classpath, -Xmx512m as HubProcess starts it). Start-up = process launch until /actuator/health
 * answers UP. Then an open-loop webhook load (distinct Shopify products, so every delivery is a real create) while RSS
 * (/proc/&lt;pid&gt;/status VmRSS) and heap (/actuator/metrics/jvm.memory.used, area heap) are sampled every 500 ms.
 * The limit measured in the same run: the same process's RSS when idle right after start-up.
 */
@Tag("benchmark")
class ProcessFootprintBenchmark {

    private static final int RATE = Integer.getInteger("bench.footprint.rate", 150);
    private static final int SECONDS = Integer.getInteger("bench.footprint.seconds", 30);

    @Test
    void startUpAndMemoryUnderLoad(@TempDir Path dir) throws Exception {
        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", HubTestSupport.API_KEY);
        props.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        props.put("synchub.operator.metrics-token", HubTestSupport.METRICS_TOKEN);
        props.put("logging.level.io.synchub", "WARN");
        props.put("logging.level.org.apache.camel", "WARN");
        Path log = dir.resolve("hub.log");
        Files.createFile(log);

        long t0 = System.nanoTime();
        try (HubProcess hub = HubProcess.start(props, log)) {
            double startUp = (System.nanoTime() - t0) / 1e9;
            long pid = childPid(hub.port);
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
                    .setting("process", "java -Xmx512m, tests' classpath, own " + (TestDatabase.postgres() ? "PostgreSQL schema" : "H2 file database"))
                    .setting("load", RATE + " Shopify products/update webhooks/s open loop for " + SECONDS + " s, each a new product")
                    .figure("start-up to health UP", startUp, "s", "< 10", null)
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

    /** The hub's process: our child whose command line carries its port. */
    private static long childPid(int port) {
        String arg = "--server.port=" + port;
        return ProcessHandle.current().children().filter(p -> {
            try {
                return List.of(Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).split("\0")).contains(arg);
            } catch (Exception e) {
                return false;
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no child process with " + arg)).pid();
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
