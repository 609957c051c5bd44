package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Retries, Retry-After, classification into dead letters, replay, self-clearing, and the circuit breaker. */
class PushFailureHandlingTest extends OutboundTestSupport {

    static final String WOO_PRODUCT = "/wp-json/wc/v3/products/799";
    static final String FIELDS = "{\"sku\":\"TS-1\",\"name\":\"T-Shirt\",\"netSalesPrice\":19.99}";

    long seedWooProduct() {
        return seedProduct("TS-1", FIELDS, "WOOCOMMERCE:799:799");
    }

    @Test
    void threeServerErrorsThenSuccessDeliversOnce() {
        long id = seedWooProduct();
        String s = "flaky";
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario(s).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(status(500).withBody("{\"code\":\"internal\",\"message\":\"boom\"}")).willSetStateTo("2"));
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario(s).whenScenarioStateIs("2").willReturn(status(502)).willSetStateTo("3"));
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario(s).whenScenarioStateIs("3").willReturn(status(503)).willSetStateTo("ok"));
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario(s).whenScenarioStateIs("ok").willReturn(okJson("{\"id\":799}")));

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 25}");
        awaitNoOpenJobs();
        assertThat(requests(WOO)).hasSize(4);
        assertThat(jdbc.queryForMap("SELECT status, attempts FROM outbox")).containsEntry("status", "completed").containsEntry("attempts", 4);
        assertThat(count("SELECT COUNT(*) FROM dead_letters")).isZero();
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");
    }

    @Test
    void aRateLimitIsWaitedOutForItsRetryAfter() {
        long id = seedWooProduct();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario("rl").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(status(429).withHeader("Retry-After", "2")).willSetStateTo("ok"));
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).inScenario("rl").whenScenarioStateIs("ok").willReturn(okJson("{\"id\":799}")));

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 26}");
        HubClient.await(Duration.ofSeconds(10), "the retry after the 429", () -> requests(WOO).size() == 2);
        List<LoggedRequest> r = requests(WOO);
        long waited = Math.abs(r.get(0).getLoggedDate().getTime() - r.get(1).getLoggedDate().getTime());
        assertThat(waited).as("Retry-After: 2 is honoured (retry delays are 100-400 ms otherwise)").isGreaterThanOrEqualTo(2000);
        awaitNoOpenJobs();
        assertThat(jdbc.queryForObject("SELECT status FROM outbox", String.class)).isEqualTo("completed");
    }

    @Test
    void aValidationErrorGoesStraightToTheDeadLettersAndANewerSuccessfulPushClearsIt() {
        long id = seedWooProduct();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(status(422)
                .withBody("{\"code\":\"rest_invalid_param\",\"message\":\"Invalid parameter(s): regular_price\",\"data\":{\"status\":400}}")));

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 27}");
        HubClient.await(Duration.ofSeconds(10), "a dead letter", () -> count("SELECT COUNT(*) FROM dead_letters") == 1);
        assertThat(requests(WOO)).as("a 422 is not retried").hasSize(1);
        JsonNode dl = hub.get("/api/v1/dead-letters").json();
        assertThat(dl.get("total").asInt()).isEqualTo(1);
        JsonNode item = dl.get("items").get(0);
        assertThat(item.get("errorClass").asText()).isEqualTo("validation");
        assertThat(item.get("reason").asText()).contains("Invalid parameter(s): regular_price").contains("422");
        assertThat(item.get("target").asText()).isEqualTo("WOOCOMMERCE");
        assertThat(item.get("status").asText()).isEqualTo("OPEN");
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("ERROR");
        assertThat(hub.get("/api/v1/sync/status").json().get("error").asInt()).isEqualTo(1);

        WOO.resetAll();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 28}");
        awaitNoOpenJobs();
        HubClient.await(Duration.ofSeconds(5), "the dead letter clears itself", () ->
                "CLEARED".equals(hub.get("/api/v1/dead-letters").json().get("items").get(0).get("status").asText()));
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");
    }

    @Test
    void aTargetDownForGoodFillsTheDeadLettersAndReplayDeliversOnceItIsBack() {
        long id = seedWooProduct();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(status(503)));

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 29}");
        HubClient.await(Duration.ofSeconds(15), "a dead letter after the last attempt", () -> count("SELECT COUNT(*) FROM dead_letters") == 1);
        assertThat(requests(WOO)).hasSize(Integer.parseInt(MAX_ATTEMPTS));
        JsonNode item = hub.get("/api/v1/dead-letters").json().get("items").get(0);
        assertThat(item.get("errorClass").asText()).isEqualTo("server");
        assertThat(item.get("attempts").asInt()).isEqualTo(Integer.parseInt(MAX_ATTEMPTS));

        WOO.resetAll();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        var replay = hub.post("/api/v1/dead-letters/" + item.get("id").asLong() + "/replay", "");
        assertThat(replay.status()).isEqualTo(200);
        assertThat(replay.json().get("status").asText()).isEqualTo("REPLAYED");
        awaitNoOpenJobs();
        assertThat(requests(WOO)).hasSize(1);
        assertThat(requests(WOO).get(0).getBodyAsString()).contains("\"regular_price\":\"29\"");
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        assertThat(hub.post("/api/v1/dead-letters/" + item.get("id").asLong() + "/replay", "").status())
                .as("a replayed dead letter is not replayed twice").isEqualTo(409);
        assertThat(hub.post("/api/v1/dead-letters/99999/replay", "").status()).isEqualTo(404);
    }

    @Test
    void shopifyThrottledAnswersAreWaitedOutAndUserErrorsAreDeadLettered() {
        long id = seedProduct("TS-2", "{\"sku\":\"TS-2\",\"name\":\"Cap\",\"netSalesPrice\":9}", "SHOPIFY:1:2:3");
        String throttled = "{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                + "\"extensions\":{\"cost\":{\"requestedQueryCost\":20,\"actualQueryCost\":null,\"throttleStatus\":"
                + "{\"maximumAvailable\":2000,\"currentlyAvailable\":10,\"restoreRate\":100}}}}";
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).inScenario("t").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson(throttled)).willSetStateTo("bad"));
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).inScenario("t").whenScenarioStateIs("bad")
                .willReturn(okJson("{\"data\":{\"productUpdate\":{\"userErrors\":[]},\"productVariantsBulkUpdate\":{\"userErrors\":"
                        + "[{\"field\":[\"variants\",\"0\",\"price\"],\"message\":\"Price must be positive\",\"code\":\"INVALID\"}]}}}")));

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 8}");
        HubClient.await(Duration.ofSeconds(10), "a dead letter for the user error", () -> count("SELECT COUNT(*) FROM dead_letters") == 1);
        assertThat(requests(SHOPIFY)).hasSize(2);
        String reason = jdbc.queryForObject("SELECT reason FROM dead_letters", String.class);
        assertThat(reason).contains("Price must be positive");
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox", Integer.class)).isEqualTo(2);
    }

    @Test
    void whileATargetsCircuitIsOpenJobsWaitWithoutUsingAttempts() {
        long id = seedWooProduct();
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        CircuitBreaker woo = circuitBreakers.stream().filter(b -> b.getName().equals("woocommerce")).findFirst().orElseThrow();
        woo.transitionToOpenState();

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 31}");
        HubClient.await(Duration.ofSeconds(5), "the job waits for the open circuit", () ->
                count("SELECT COUNT(*) FROM outbox WHERE error_class = 'circuit_open' AND status = 'pending'") == 1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox", Integer.class)).isZero();
        assertThat(requests(WOO)).isEmpty();
        JsonNode health = hub.getAsScraper("/actuator/health").json();
        assertThat(health.at("/components/outboundTargets/details/WOOCOMMERCE/circuit").asText()).isIn("OPEN", "HALF_OPEN");

        awaitNoOpenJobs(); // the circuit half-opens after wait-in-open (1 s in tests) and the job goes through
        assertThat(requests(WOO)).hasSize(1);
        assertThat(jdbc.queryForObject("SELECT attempts FROM outbox", Integer.class)).isEqualTo(1);
    }
}
