package io.synchub.outbound;

import io.synchub.platform.shopify.ShopifyReconciliation;
import io.synchub.platform.woocommerce.WooCommerceReconciliation;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Missed webhooks are caught by pulling what changed since the last run, through the same inbox. */
class ReconciliationTest extends OutboundTestSupport {

    @Autowired
    WooCommerceReconciliation wooReconciliation;
    @Autowired
    ShopifyReconciliation shopifyReconciliation;

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
}
