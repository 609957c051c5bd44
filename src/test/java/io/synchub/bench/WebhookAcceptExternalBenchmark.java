package io.synchub.bench;

import io.synchub.support.HubProcess;
import io.synchub.support.HubTestSupport;
import io.synchub.support.TestDatabase;
import io.synchub.webhook.HmacSignature;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN §7 webhook accept, with the load generated outside the hub's JVM: the hub runs as its own process (tests'
 * classpath, so the bench-only no-op route of {@code bench/noop-route.yaml} is there; production routes never carry
 * it), and {@code wrk} (a native process) posts the signed Shopify products/update sample with a unique
 * X-Shopify-Event-Id per request, first at the no-op {@code platform-http} route (the limit: same HTTP stack, no work),
 * then at {@code /webhooks/shopify} (verify HMAC, JSON check, durable inbox row committed, 200). The inbox drain is
 * held back while the intake is measured, so the figure is the intake's own. A third route, the no-op plus the inbox
 * commit alone ({@code bench-noop-durable}), gives the ceiling for an intake that commits each delivery before it
 * answers. Writes target/bench/accept-external-*.json.
 */
@Tag("benchmark")
class WebhookAcceptExternalBenchmark {

    private static final int CONNECTIONS = Integer.getInteger("bench.accept.connections", 16);
    private static final int SECONDS = Integer.getInteger("bench.accept.seconds", 10);
    private static final int ROUNDS = Integer.getInteger("bench.accept.rounds", 3);

    @TempDir
    Path dir;

    @Test
    void webhookAcceptAgainstNoOpRoute() throws Exception {
        BenchReport report = new BenchReport("accept-external")
                .setting("load", "wrk -t1 -c" + CONNECTIONS + " -d" + SECONDS + "s --latency, " + ROUNDS + " rounds alternating no-op / webhook "
                        + "after a 10 s warm-up of each, median round reported; signed Shopify "
                        + "products/update sample (fixtures/shopify/products_update.json), unique event id per request; hub in "
                        + "its own JVM (-Xmx512m), loopback; inbox group commit of up to "
                        + System.getProperty("bench.accept.group-commit-max", "256") + " rows");
        if (!Wrk.installed()) {
            report.missed("webhook accept / no-op (external load)", "%", ">= 60", null, "wrk is not installed (apt-get install wrk)").write();
            return;
        }
        byte[] body = Files.readAllBytes(Path.of("src/test/resources/fixtures/shopify/products_update.json"));
        String signature = HmacSignature.sign(HubTestSupport.SECRET, body);
        Path bodyFile = dir.resolve("body.json");
        Files.write(bodyFile, body);
        Path noopLua = dir.resolve("noop.lua");
        Files.writeString(noopLua, readBody(bodyFile) + "wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\n");
        Path webhookLua = dir.resolve("shopify.lua");
        Files.writeString(webhookLua, readBody(bodyFile)
                + "wrk.method = \"POST\"\n"
                + "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
                + "wrk.headers[\"X-Shopify-Topic\"] = \"products/update\"\n"
                + "wrk.headers[\"X-Shopify-Shop-Domain\"] = \"bench.myshopify.com\"\n"
                + "wrk.headers[\"X-Shopify-Hmac-Sha256\"] = \"" + signature + "\"\n"
                + "local n = 0\n"
                + "local run = tostring(os.time()) .. \"-\" .. tostring(math.random(1000000000))\n"
                + "request = function()\n"
                + "  n = n + 1\n"
                + "  wrk.headers[\"X-Shopify-Event-Id\"] = run .. \"-\" .. n\n"
                + "  return wrk.format()\n"
                + "end\n");

        Map<String, String> props = new HashMap<>(TestDatabase.forChildProcess(dir));
        props.put("synchub.api-keys", HubTestSupport.API_KEY);
        props.put("synchub.channels.shopify.webhook-secret", HubTestSupport.SECRET);
        props.put("camel.main.routes-include-pattern", "file:routes/*.yaml,classpath:bench/noop-route.yaml");
        props.put("synchub.inbox.start-delay-ms", "3600000");
        // -Dbench.accept.group-commit-max=1 gives the figure of one commit per request (how the intake was before)
        props.put("synchub.inbox.group-commit-max", System.getProperty("bench.accept.group-commit-max", "256"));
        props.put("logging.level.io.synchub", "WARN");
        props.put("logging.level.org.apache.camel", "WARN");
        try (HubProcess hub = HubProcess.start(props, dir.resolve("hub.log"))) {
            String base = "http://127.0.0.1:" + hub.port;
            List<String> noopCmd = wrk(noopLua, base + "/bench/noop");
            List<String> webhookCmd = wrk(webhookLua, base + "/webhooks/shopify");
            // the same signed requests at the no-op plus the inbox commit alone (bench-noop-durable): how much of the
            // no-op's rate the commit every accepted delivery needs leaves, before any of the webhook's other steps
            List<String> durableCmd = wrk(webhookLua, base + "/bench/noop-durable");

            // warm-up of both paths (JIT), then rounds alternating between them, so a burst of load from elsewhere on a
            // shared machine hits both; the median round of each is the figure
            Wrk.run(noopCmd, 10, dir);
            Wrk.run(webhookCmd, 10, dir);
            Wrk.run(durableCmd, 10, dir);
            long before = pending(base);
            List<Wrk.Result> noops = new java.util.ArrayList<>();
            List<Wrk.Result> accepts = new java.util.ArrayList<>();
            List<Wrk.Result> durables = new java.util.ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                noops.add(Wrk.run(noopCmd, SECONDS, dir));
                accepts.add(Wrk.run(webhookCmd, SECONDS, dir));
                durables.add(Wrk.run(durableCmd, SECONDS, dir));
            }
            long stored = pending(base) - before;
            Wrk.Result noop = Wrk.median(noops);
            Wrk.Result accept = Wrk.median(accepts);
            Wrk.Result durable = Wrk.median(durables);
            long answered = accepts.stream().mapToLong(Wrk.Result::requests).sum()
                    + durables.stream().mapToLong(Wrk.Result::requests).sum();
            assertThat(noop.errors()).as(noop.raw()).isZero();
            // every answered 200 is a durable row: the inbox holds (at least) as many new deliveries as were answered
            assertThat(stored).as("inbox rows vs answered requests").isGreaterThanOrEqualTo(answered);
            accepts.forEach(a -> assertThat(a.errors()).as(a.raw()).isZero());
            durables.forEach(d -> assertThat(d.errors()).as(d.raw()).isZero());

            report.figure("no-op platform-http route, external load (limit)", noop.requestsPerSecond(), "req/s", null, null)
                    .figure("webhook accept, external load, drain held back", accept.requestsPerSecond(), "req/s",
                            ">= 60% of no-op", noop.requestsPerSecond())
                    .figure("webhook accept / no-op (external load)", 100.0 * accept.requestsPerSecond() / noop.requestsPerSecond(),
                            "%", ">= 60", null)
                    .note("load average " + Wrk.loadAverage() + " when measured; the machine is shared, so compare the ratio, "
                            + "not the absolute rates, between runs")
                    .figure("no-op plus the inbox commit alone, external load", durable.requestsPerSecond(), "req/s", null, noop.requestsPerSecond())
                    .figure("no-op plus the inbox commit alone / no-op (external load)",
                            100.0 * durable.requestsPerSecond() / noop.requestsPerSecond(), "%", null, null)
                    .note("the ceiling any webhook intake that commits each delivery before answering can reach in this run: "
                            + "the no-op route plus the inbox write (same group commit) and nothing else")
                    .figure("webhook accept latency p99 (external load)", accept.p("99"), "ms", "< 5000 (Shopify timeout)", null)
                    .figure("no-op latency p99 (external load)", noop.p("99"), "ms", null, null);
        }
        report.write();
    }

    /** One wrk run's command: one thread, the benchmark's connections, the request script, latency percentiles. */
    private static List<String> wrk(Path script, String url) {
        return List.of("wrk", "-t1", "-c" + CONNECTIONS, "-s", script.toString(), "--latency", url);
    }

    private static String readBody(Path bodyFile) {
        return "local f = io.open(\"" + bodyFile.toAbsolutePath() + "\", \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n";
    }

    /** Pending deliveries in the hub's inbox, as the operator API counts them. */
    private static long pending(String base) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/inbox?status=PENDING&limit=1"))
                .header("X-API-Key", HubTestSupport.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return io.synchub.canonical.CanonicalJson.parse(r.body()).path("total").asLong();
    }
}
