package io.platformsim.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.PlatformSimulators;
import io.synchub.metrics.PrometheusScrape;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees in {@code /actuator/prometheus} while the demo's WooCommerce simulator is down: the outbox
 * backlog for WOOCOMMERCE rises, the breaker opens, jobs that used up their attempts become open dead letters; once the
 * simulator answers again the breaker closes and the backlog drains; replaying the dead letters through the operator
 * API takes them to zero. Breaker and retry settings are short so the whole outage takes seconds. The scrapes of the
 * four moments are written to {@code target/operations-scrape.txt} (the sample in the operations documentation).
 * <p>
 * Run on demand, not in the default suite: on a machine busy with other work the short breaker and retry windows
 * this test relies on are not met reliably. {@code mvn -B test -Dtest=DemoOutageMetricsTest
 * -Dsynchub.test.excludedGroups=benchmark}
 */
@org.junit.jupiter.api.Tag("recording")
@ActiveProfiles("demo")
@TestPropertySource(properties = {
        "platformsim.demo.catalogue-size=10",
        "platformsim.demo.start-delay=2s",
        "platformsim.demo.price-edits-per-second=0",
        "platformsim.demo.stock-changes-per-second=0",
        "platformsim.demo.conflict-every=0s",
        "platformsim.demo.fault-every=0s",
        "platformsim.demo.order-every=0s",
        "platformsim.demo.reject-every=0s",
        // the demo's JTL stock polls would plan stock pushes of the same products: a later push that succeeds clears
        // the older dead letters of its product, and this test needs them to stay until the operator replays them
        "platformsim.demo.jtl-poll-interval=1h",
        "synchub.jtl.poll-initial-delay=1h",
        "synchub.metrics.refresh=200ms",
        "synchub.outbox.poll-delay-ms=50",
        "synchub.outbox.retry.max-attempts=2",
        "synchub.outbox.retry.initial-delay=100ms",
        "synchub.outbox.retry.max-delay=300ms",
        "synchub.outbox.circuit-breaker.minimum-calls=3",
        "synchub.outbox.circuit-breaker.window=4",
        "synchub.outbox.circuit-breaker.failure-rate=50",
        "synchub.outbox.circuit-breaker.wait-in-open=1s",
})
class DemoOutageMetricsTest extends HubTestSupport {

    private static final String TARGET = "target=\"WOOCOMMERCE\"";
    private static final Pattern SHOWN = Pattern.compile("^synchub_(outbox_jobs|outbox_oldest_job_age_seconds|circuit_state|circuit_open"
            + "|dead_letters_open|pushes_total)\\{.*target=\"WOOCOMMERCE\".*");

    @Autowired
    PlatformSimulators simulators;

    private final StringBuilder recorded = new StringBuilder();

    @AfterEach
    void endOutage() {
        simulators.woo().faults().clear();
    }

    private double value(PrometheusScrape s, String metric, String... labels) {
        return s.value(metric, labels).orElseThrow(() -> new AssertionError(metric + " " + String.join(",", labels)
                + " is not in /actuator/prometheus"));
    }

    private double backlog(PrometheusScrape s) {
        return value(s, "synchub_outbox_jobs", TARGET, "status=\"pending\"") + value(s, "synchub_outbox_jobs", TARGET, "status=\"processing\"");
    }

    private boolean in(PrometheusScrape s, String state) {
        return value(s, "synchub_circuit_state", TARGET, "state=\"" + state + "\"") == 1;
    }

    /** Keeps the WOOCOMMERCE lines of a scrape under a heading (sorted, as a reader compares moments). */
    private void record(String moment, PrometheusScrape s) {
        recorded.append("# ").append(moment).append(" (").append(Instant.now()).append(")\n");
        s.text().lines().filter(l -> SHOWN.matcher(l).matches()).sorted().forEach(l -> recorded.append(l).append('\n'));
        recorded.append('\n');
    }

    /** Scrapes every 100 ms until {@code done} holds for a scrape; returns that scrape. */
    private PrometheusScrape scrapeUntil(Duration timeout, String what, java.util.function.Predicate<PrometheusScrape> done) {
        Instant until = Instant.now().plus(timeout);
        PrometheusScrape last = null;
        while (Instant.now().isBefore(until)) {
            last = PrometheusScrape.of(port);
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last scrape:\n"
                + (last == null ? "" : String.join("\n", last.text().lines().filter(l -> SHOWN.matcher(l).matches()).toList())));
    }

    private JsonNode openDeadLetters() {
        return hub.get("/api/v1/dead-letters?status=OPEN&target=WOOCOMMERCE&limit=500").json();
    }

    private List<Long> productsLinkedToWoo() {
        List<Long> ids = new ArrayList<>();
        for (JsonNode p : hub.get("/api/v1/products?limit=500").json().get("items")) {
            if (p.path("links").findValuesAsText("platform").contains("WOOCOMMERCE")) {
                ids.add(p.get("id").asLong());
            }
        }
        return ids;
    }

    @Test
    void anOutageOfOneShopShowsAsBacklogOpenBreakerAndDeadLettersWhichRecoveryAndReplayClear() throws IOException, InterruptedException {
        // the store was emptied for this test: the demo's WooCommerce catalogue again, and its follow-up pushes done
        simulators.woo().sendCatalogue();
        HubClient.await(Duration.ofSeconds(30), "the WooCommerce catalogue in the hub",
                () -> productsLinkedToWoo().size() >= simulators.woo().productCount());
        PrometheusScrape before = scrapeUntil(Duration.ofSeconds(30), "a quiet WooCommerce target",
                s -> backlog(s) == 0 && in(s, "closed") && value(s, "synchub_dead_letters_open", TARGET) == 0);
        record("before the outage", before);
        double deliveredBefore = value(before, "synchub_pushes_total", TARGET, "outcome=\"success\"");

        // the outage: every WooCommerce API call answers 503 while the hub's operators change prices
        simulators.woo().faults().outageNow(Duration.ofMinutes(5));
        List<Long> products = productsLinkedToWoo();
        int price = 40;
        for (long id : products) {
            assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": " + price++ + "}").status()).isEqualTo(200);
        }
        double[] peak = {0};
        boolean[] seenOpen = {false};
        PrometheusScrape during = scrapeUntil(Duration.ofSeconds(60), "backlog, an open breaker and dead letters during the outage", s -> {
            peak[0] = Math.max(peak[0], backlog(s));
            seenOpen[0] |= in(s, "open");
            // on a busy machine the jobs may all be dead letters before a scrape sees both at once: the backlog's
            // peak and the breaker's opening are kept across scrapes
            return peak[0] > 0 && seenOpen[0] && value(s, "synchub_dead_letters_open", TARGET) >= 1;
        });
        record("during the outage", during);
        assertThat(value(during, "synchub_pushes_total", TARGET, "outcome=\"retry\"")).as("failed pushes retried").isGreaterThan(0);
        assertThat(value(during, "synchub_pushes_total", TARGET, "outcome=\"dead_lettered\"")).isGreaterThanOrEqualTo(1);

        // recovery: the shop answers again, the breaker closes after its wait and the backlog drains
        simulators.woo().faults().clear();
        // the gauges are read from a snapshot refreshed every 200 ms: wait until the scrape and the API agree
        PrometheusScrape recovered = scrapeUntil(Duration.ofSeconds(60), "the breaker closed, the backlog drained and the "
                        + "open dead letters in the scrape equal the API's",
                s -> in(s, "closed") && backlog(s) == 0
                        && value(s, "synchub_dead_letters_open", TARGET) == openDeadLetters().get("total").asDouble());
        record("after recovery", recovered);
        double deadLetters = value(recovered, "synchub_dead_letters_open", TARGET);
        assertThat(deadLetters).as("dead letters stay until an operator acts").isGreaterThanOrEqualTo(1);
        assertThat(value(recovered, "synchub_outbox_oldest_job_age_seconds", TARGET)).isZero();

        // the operator replays every open dead letter through the API
        JsonNode open = openDeadLetters();
        assertThat(open.get("total").asDouble()).isEqualTo(deadLetters);
        for (JsonNode dl : open.get("items")) {
            assertThat(hub.post("/api/v1/dead-letters/" + dl.get("id").asText() + "/replay", "").status()).isEqualTo(200);
        }
        PrometheusScrape replayed = scrapeUntil(Duration.ofSeconds(60), "the replayed dead letters delivered",
                s -> value(s, "synchub_dead_letters_open", TARGET) == 0 && backlog(s) == 0
                        && value(s, "synchub_pushes_total", TARGET, "outcome=\"success\"") >= deliveredBefore + deadLetters);
        record("after the replay", replayed);
        assertThat(in(replayed, "closed")).isTrue();

        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "operations-scrape.txt"), recorded.toString());
    }
}
