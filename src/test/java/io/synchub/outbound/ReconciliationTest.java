package io.synchub.outbound;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.platform.shopify.ShopifyReconciliation;
import io.synchub.platform.woocommerce.WooCommerceReconciliation;
import io.synchub.support.HubClient;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Missed webhooks are caught by pulling what changed since the last run, through the same inbox. */
class ReconciliationTest extends OutboundTestSupport {

    @Autowired
    WooCommerceReconciliation wooReconciliation;
    @Autowired
    ShopifyReconciliation shopifyReconciliation;
    @Autowired
    CamelContext camel;

    @Test
    void productsChangedOnWooCommerceAndShopifySinceTheLastRunArriveThroughTheInbox() {
        String woo = "[" + new String(HubClient.fixture("woocommerce/product.updated.json"), StandardCharsets.UTF_8) + "]";
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products")).withQueryParam("modified_after", equalTo("2026-01-01T00:00:00"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("X-WP-TotalPages", "1").withBody(woo)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('woocommerce-products', '2026-01-01T00:00:00', CURRENT_TIMESTAMP)");
        assertThat(wooReconciliation.pull()).contains("1 product(s) queued");

        String shopify = "{\"products\":[" + new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8) + "]}";
        SHOPIFY.stubFor(get(urlPathEqualTo("/admin/api/2026-01/products.json")).withQueryParam("updated_at_min", equalTo("2020-01-01T00:00:00Z"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(shopify)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('shopify-products', '2020-01-01T00:00:00Z', CURRENT_TIMESTAMP)");
        assertThat(shopifyReconciliation.pull()).contains("1 product(s) queued");
        SHOPIFY.verify(getRequestedFor(urlPathEqualTo("/admin/api/2026-01/products.json")).withHeader("X-Shopify-Access-Token", equalTo(SHOPIFY_TOKEN)));

        HubClient.await(Duration.ofSeconds(10), "both deliveries processed into products", () ->
                count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") == 2 && count("SELECT COUNT(*) FROM products") == 3);
        assertThat(jdbc.queryForObject("SELECT cursor_value FROM poll_cursors WHERE name = 'shopify-products'", String.class))
                .isEqualTo("2022-01-01T00:00:00Z");
        assertThat(jdbc.queryForObject("SELECT cursor_value FROM poll_cursors WHERE name = 'woocommerce-products'", String.class))
                .as("the cursor never moves back").isEqualTo("2026-01-01T00:00:00");

        // the same window again queues nothing new (same delivery keys)
        jdbc.update("UPDATE poll_cursors SET cursor_value = '2020-01-01T00:00:00Z' WHERE name = 'shopify-products'");
        assertThat(shopifyReconciliation.pull()).contains("0 product(s) queued");
    }

    @Test
    void aFailingPlatformKeepsTheCursor() {
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products")).willReturn(aResponse().withStatus(503)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('woocommerce-products', '2026-01-01T00:00:00', CURRENT_TIMESTAMP)");
        assertThatThrownBy(() -> wooReconciliation.pull()).hasMessageContaining("503").hasMessageContaining("cursor is kept");
        assertThat(jdbc.queryForObject("SELECT cursor_value FROM poll_cursors WHERE name = 'woocommerce-products'", String.class))
                .isEqualTo("2026-01-01T00:00:00");
    }

    @Test
    void aRateLimitedPageIsWaitedOutAsTheAnswerSaysAndAskedAgain() {
        String woo = "[" + new String(HubClient.fixture("woocommerce/product.updated.json"), StandardCharsets.UTF_8) + "]";
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products")).inScenario("limit").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0.5")).willSetStateTo("open"));
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products")).inScenario("limit").whenScenarioStateIs("open")
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("X-WP-TotalPages", "1").withBody(woo)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('woocommerce-products', '2026-01-01T00:00:00', CURRENT_TIMESTAMP)");
        long t0 = System.nanoTime();
        assertThat(wooReconciliation.pull()).contains("1 product(s) queued");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("Retry-After: 0.5 honoured").isGreaterThanOrEqualTo(Duration.ofMillis(500));
        WOO.verify(2, getRequestedFor(urlPathEqualTo("/wp-json/wc/v3/products")));
    }

    @Test
    void aPullIsPacedToThePlatformsDeclaredRateFromItsFirstRequest() {
        // four pages; WooCommerce's declared rate in these tests is the default, 5 requests per second (one per 200 ms):
        // the pull cannot take less than the three intervals between its four requests (unpaced it took 441 ms). This
        // test, run after the others of the class, once caught the pacer letting a pull start in a slot left unused in
        // the past: 476 ms for the four (RequestPacerTest has the rule without timing luck).
        String woo = "[" + new String(HubClient.fixture("woocommerce/product.updated.json"), StandardCharsets.UTF_8) + "]";
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("X-WP-TotalPages", "4").withBody(woo)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('woocommerce-products', '2026-01-01T00:00:00', CURRENT_TIMESTAMP)");
        long t0 = System.nanoTime();
        assertThat(wooReconciliation.pull()).contains("product(s) queued");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("four requests at 5/s span three intervals")
                .isGreaterThanOrEqualTo(Duration.ofMillis(3 * 200));
        long pages = WOO.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("GET") && e.getRequest().getUrl().startsWith("/wp-json/wc/v3/products?"))
                .count();
        assertThat(pages).as("each page asked once (no 429 to wait out)").isEqualTo(4);
    }

    /**
     * WooCommerce's declared rate (5 requests/s in these tests) holds for all of the hub's requests to it together: a
     * pull of five pages started while five variation pushes go out takes turns with them in one schedule. Each with a schedule
     * of its own (as before), the ten requests went out in about a second, up to twice the rate.
     */
    @Test
    void aPullAndThePushesBesideItTakeTurnsWithinThePlatformsOneRate() throws Exception {
        long[] ids = new long[5];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = seedProduct("PACED-" + i, "{\"sku\":\"PACED-" + i + "\",\"name\":\"P\",\"netSalesPrice\":1}",
                    "WOOCOMMERCE:" + (500 + i) + ":" + (600 + i));
            WOO.stubFor(put(urlPathEqualTo("/wp-json/wc/v3/products/" + (500 + i) + "/variations/" + (600 + i)))
                    .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody("{\"id\":" + (600 + i) + "}")));
        }
        String woo = "[" + new String(HubClient.fixture("woocommerce/product.updated.json"), StandardCharsets.UTF_8) + "]";
        WOO.stubFor(get(urlPathEqualTo("/wp-json/wc/v3/products"))
                .willReturn(aResponse().withHeader("Content-Type", "application/json").withHeader("X-WP-TotalPages", "5").withBody(woo)));
        jdbc.update("INSERT INTO poll_cursors (name, cursor_value, updated_at) VALUES ('woocommerce-products', '2026-01-01T00:00:00', CURRENT_TIMESTAMP)");

        camel.getRouteController().suspendRoute("dispatch-outbox-woocommerce");
        ExecutorService pull = Executors.newSingleThreadExecutor();
        try {
            for (long id : ids) {
                assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 7}").status()).isEqualTo(200);
            }
            // the pushes start first and the pull joins once the first is out: started together, how soon the
            // dispatcher's next poll tick came decided the order, not the schedule
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
            HubClient.await(Duration.ofSeconds(15), "the first variation push", () ->
                    !WOO.findAll(putRequestedFor(urlPathMatching("/wp-json/wc/v3/products/50[0-4]/variations/60[0-4]"))).isEmpty());
            Future<String> pulled = pull.submit(() -> wooReconciliation.pull());
            assertThat(pulled.get(30, TimeUnit.SECONDS)).contains("product(s) queued");
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
            pull.shutdownNow();
        }
        HubClient.await(Duration.ofSeconds(15), "the five variation pushes", () ->
                WOO.findAll(putRequestedFor(
                        urlPathMatching("/wp-json/wc/v3/products/50[0-4]/variations/60[0-4]"))).size() == 5);

        List<LoggedRequest> sent = requests(WOO).stream()
                .filter(r -> r.getUrl().startsWith("/wp-json/wc/v3/products"))
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
        List<Long> at = sent.stream().map(r -> r.getLoggedDate().getTime()).toList();
        long pages = sent.stream().filter(r -> r.getMethod().getName().equals("GET")).count();
        assertThat(pages).as("five pages, none refused").isEqualTo(5);
        assertThat(sent).as("five pages and five pushes").hasSize(10);
        // ten requests at 4.9/s: nine intervals of 204 ms (1.84 s), less some slack for a request that left late
        assertThat(at.get(at.size() - 1) - at.get(0)).as("first to last request, ms").isGreaterThanOrEqualTo(1_600);
        for (int i = 0; i + 6 < at.size(); i++) {
            // seven requests span six intervals (1.22 s) when paced; unshared, the first second held all ten
            assertThat(at.get(i + 6) - at.get(i)).as("seven requests within a second (requests %d-%d)", i, i + 6).isGreaterThan(1_000);
        }
        long firstPage = sent.stream().filter(r -> r.getMethod().getName().equals("GET")).mapToLong(r -> r.getLoggedDate().getTime()).min().orElseThrow();
        assertThat(sent.stream().filter(r -> r.getMethod().getName().equals("PUT")).mapToLong(r -> r.getLoggedDate().getTime()).max().orElseThrow())
                .as("the pull takes turns among the pushes instead of waiting for their end").isGreaterThan(firstPage);
    }
}
