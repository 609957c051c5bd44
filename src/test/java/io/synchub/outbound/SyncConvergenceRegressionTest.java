package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The four ways the hub failed to converge (issue: late echoes, echo checks on fields never pushed, the conflict
 * flood, a stale delivery applied after a push), each replayed with real signed Shopify and WooCommerce payloads
 * against WireMock platforms.
 */
class SyncConvergenceRegressionTest extends OutboundTestSupport {

    static final String SHOPIFY_PRODUCT = new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8);
    static final String WOO_PRODUCT = new String(HubClient.fixture("woocommerce/product.updated.json"), StandardCharsets.UTF_8)
            .replaceFirst("\"id\": 794,", "\"id\": 799,");
    static final String SHOPIFY_ANSWER = "{\"data\":{\"productUpdate\":{\"product\":{\"id\":\"gid://shopify/Product/788032119674292922\","
            + "\"updatedAt\":\"%s\"},\"userErrors\":[]},\"productVariantsBulkUpdate\":{\"productVariants\":[],\"userErrors\":[]}}}";
    static final String FIELDS = "{\"sku\":\"TS-1\",\"name\":\"T-Shirt\",\"description\":\"Soft\",\"netSalesPrice\":19.99}";

    private final AtomicInteger deliveries = new AtomicInteger();

    @org.springframework.beans.factory.annotation.Autowired
    io.synchub.inbox.Inbox inbox;

    long seedOnBothShops() {
        // WooCommerce answers with the product as it now is, including its modification time
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/799")).willReturn(okJson("{\"id\":799,\"date_modified_gmt\":\"2026-03-01T09:59:59\"}")));
        return seedProduct("TS-1", FIELDS, "SHOPIFY:788032119674292922:642667041472713922:111", "WOOCOMMERCE:799:799");
    }

    /** Shopify answers each productUpdate with the product's new updatedAt, one per push, in order. */
    void shopifyAnswersWithUpdatedAt(String... times) {
        for (int i = 0; i < times.length; i++) {
            SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).inScenario("pushes")
                    .whenScenarioStateIs(i == 0 ? STARTED : "push" + i).willSetStateTo("push" + (i + 1))
                    .willReturn(okJson(String.format(SHOPIFY_ANSWER, times[i]))));
        }
    }

    /** The fixture product with the Small variant (the linked one) at this price and the product at this updated_at. */
    static String shopifyState(String price, String updatedAt, String title, String tags) {
        return SHOPIFY_PRODUCT.replaceFirst("\"price\": \"19.99\"", "\"price\": \"" + price + "\"")
                .replaceFirst("\"updated_at\": \"2021-12-31T19:00:00-05:00\"", "\"updated_at\": \"" + updatedAt + "\"")
                .replace("\"title\": \"Example T-Shirt\"", "\"title\": \"" + title + "\"")
                .replace("\"tags\": \"example, mens, t-shirt\"", "\"tags\": \"" + tags + "\"");
    }

    static String wooState(String name, String price, String modifiedGmt) {
        return WOO_PRODUCT.replace("\"name\": \"Premium Quality\"", "\"name\": \"" + name + "\"")
                .replace("\"price\": \"24.54\"", "\"price\": \"" + price + "\"")
                .replace("\"regular_price\": \"24.54\"", "\"regular_price\": \"" + price + "\"")
                .replace("\"date_modified_gmt\": \"2017-03-23T20:01:14\"", "\"date_modified_gmt\": \"" + modifiedGmt + "\"");
    }

    void fromShopify(String body) {
        int n = deliveries.incrementAndGet();
        assertThat(hub.shopifyWebhook("products/update", "evt-" + n, body.getBytes(StandardCharsets.UTF_8), SECRET).status()).isEqualTo(200);
        awaitProcessed(n);
    }

    void fromWoo(String body) {
        int n = deliveries.incrementAndGet();
        assertThat(hub.wooWebhook("product.updated", String.valueOf(9000 + n), body.getBytes(StandardCharsets.UTF_8), SECRET).status())
                .isEqualTo(200);
        awaitProcessed(n);
    }

    /** Queued as the reconciliation queues what it pulled: straight into the inbox, under its own delivery key. */
    void pulledByReconciliation(String platform, String topic, String body) {
        int n = deliveries.incrementAndGet();
        assertThat(inbox.accept(platform, "default", topic, platform + "|reconcile|test-" + n, null, Map.of("X-SyncHub-Source", "reconciliation"),
                body)).isTrue();
        awaitProcessed(n);
    }

    void awaitProcessed(int n) {
        HubClient.await(Duration.ofSeconds(10), n + " deliveries processed", () -> count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") == n);
    }

    BigDecimal price(long id) {
        return hub.get("/api/v1/products/" + id).json().get("netSalesPrice").decimalValue();
    }

    List<String> logActions(long id) {
        return jdbc.queryForList("SELECT action FROM sync_log WHERE product_id = ? ORDER BY id", String.class, id);
    }

    static long pushesWith(com.github.tomakehurst.wiremock.WireMockServer server, String text) {
        return requests(server).stream().filter(r -> r.getBodyAsString().contains(text)).count();
    }

    static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aLateEchoOfAnOlderPushNeverUndoesTheNewerEditAndStockTheHubNeverPushedIsNotCompared() {
        shopifyAnswersWithUpdatedAt("2026-03-01T10:00:00Z", "2026-03-01T10:00:05Z");
        long id = seedOnBothShops();
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 30.61}");
        HubClient.await(Duration.ofSeconds(10), "30.61 on both shops", () -> requests(SHOPIFY).size() == 1 && requests(WOO).size() == 1);
        awaitNoOpenJobs();
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 31.73}");
        HubClient.await(Duration.ofSeconds(10), "31.73 on both shops", () -> requests(SHOPIFY).size() == 2 && requests(WOO).size() == 2);
        awaitNoOpenJobs();

        // Shopify's late webhook for the first push: the same product but price 30.61, and its stock (75), which the
        // hub never pushed (the product has no stock level in the hub)
        fromShopify(shopifyState("30.61", "2026-03-01T10:00:00Z", "T-Shirt", "example, mens, t-shirt"));

        assertThat(price(id)).isEqualByComparingTo("31.73");
        pause(500);
        awaitNoOpenJobs();
        assertThat(pushesWith(WOO, "30.61")).as("30.61 is not pushed on to WooCommerce again").isEqualTo(1);
        assertThat(pushesWith(SHOPIFY, "30.61")).as("nor back to Shopify").isEqualTo(1);
        Map<String, Object> echo = jdbc.queryForMap("SELECT changed_fields, new_values FROM sync_log WHERE product_id = ? "
                + "AND action = 'echo_skipped'", id);
        assertThat(String.valueOf(echo.get("changed_fields")).split(",")).contains("netSalesPrice").doesNotContain("available");
        assertThat(logActions(id)).doesNotContain("conflict");

        // the same late echo with no platform time known for the pushes still repeats a push of the window
        jdbc.update("UPDATE echo_pushes SET platform_at = NULL");
        fromShopify(shopifyState("30.61", "2026-03-01T10:00:00Z", "T-Shirt", "example, mens, t-shirt"));
        assertThat(price(id)).isEqualByComparingTo("31.73");
        pause(500);
        awaitNoOpenJobs();
        assertThat(pushesWith(WOO, "30.61")).isEqualTo(1);
    }

    @Test
    void aShopifyDeliveryNotNewerThanTheHubsPushIsStaleForThePushedFieldsAndANewerOneApplies() {
        shopifyAnswersWithUpdatedAt("2026-03-01T10:00:05Z");
        long id = seedOnBothShops();
        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 76.22}");
        HubClient.await(Duration.ofSeconds(10), "76.22 on both shops", () -> requests(SHOPIFY).size() == 1 && requests(WOO).size() == 1);
        awaitNoOpenJobs();

        // a merchant edit made on Shopify just before the hub's push landed, delivered after it
        fromShopify(shopifyState("78.47", "2026-03-01T10:00:04Z", "T-Shirt", "example, mens, t-shirt"));
        assertThat(price(id)).isEqualByComparingTo("76.22");
        assertThat(logActions(id)).contains("stale_skipped");
        pause(500);
        awaitNoOpenJobs();
        assertThat(requests(WOO)).as("the stale price goes nowhere").noneMatch(r -> r.getBodyAsString().contains("78.47"));

        // an edit made on Shopify after the push is a change like any other
        fromShopify(shopifyState("79.00", "2026-03-01T10:00:09Z", "T-Shirt", "example, mens, t-shirt"));
        assertThat(price(id)).isEqualByComparingTo("79.00");
        HubClient.await(Duration.ofSeconds(10), "79.00 pushed to WooCommerce", () ->
                requests(WOO).stream().anyMatch(r -> r.getBodyAsString().contains("\"regular_price\":\"79\"")));
    }

    @Test
    void oneOpenConflictPerProductAndFieldThePreferredOriginWinsAndASettledConflictStaysSettled() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(String.format(SHOPIFY_ANSWER, "2026-03-01T10:00:00Z"))));
        long id = seedOnBothShops();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        fromShopify(shopifyState("20.00", t.toString(), "Shopify A", "new, sale"));
        // WooCommerce can not hold the hub's tags: every delivery of it carries its own (empty) ones, inside the window
        for (int i = 1; i <= 5; i++) {
            // each round's pushes land before the next delivery, so the ledger each delivery is judged against does not
            // depend on how fast the dispatcher runs on a loaded machine
            fromWoo(wooState(i % 2 == 0 ? "Woo B" : "Woo D", "20.00", t.plusSeconds(i).toString().replace("Z", "")));
            awaitNoOpenJobs();
            fromShopify(shopifyState("20.00", t.plusSeconds(10 + i).toString(), i % 2 == 0 ? "Shopify C" : "Shopify E", "new, sale"));
            awaitNoOpenJobs();
        }
        JsonNode product = hub.get("/api/v1/products/" + id).json();
        assertThat(product.get("tags")).as("prefer [SHOPIFY, WOOCOMMERCE] is a ranking").isEqualTo(CanonicalJson.parse("[\"new\",\"sale\"]"));
        assertThat(count("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND field = 'tags'", id))
                .as("WooCommerce's unchanged empty tags are one disagreement, settled by the ranking, not one per delivery").isEqualTo(1);
        assertThat(jdbc.queryForMap("SELECT status, applied_origin FROM conflicts WHERE product_id = ? AND field = 'tags'", id))
                .containsEntry("status", "RESOLVED").containsEntry("applied_origin", "SHOPIFY");
        // the name (shared, no preferred origin) went back and forth: one open conflict, updated in place
        List<Map<String, Object>> open = jdbc.queryForList("SELECT id, field, occurrences, remote_value, remote_origin FROM conflicts "
                + "WHERE product_id = ? AND status = 'CONFLICT' AND field = 'name'", id);
        assertThat(open).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM (SELECT field FROM conflicts WHERE product_id = ? AND status = 'CONFLICT' "
                + "GROUP BY field HAVING COUNT(*) > 1) more", id)).as("never two open records of one field").isZero();
        assertThat(((Number) open.get(0).get("occurrences")).intValue()).as(jdbc.queryForList("SELECT action, origin, changed_fields, "
                + "new_values, message FROM sync_log WHERE product_id = ? ORDER BY id", id).toString()).isGreaterThanOrEqualTo(5);
        assertThat(open.get(0).get("remote_origin")).isEqualTo("SHOPIFY");
        assertThat(String.valueOf(open.get(0).get("remote_value"))).contains("Shopify E");
        long conflictId = ((Number) open.get(0).get("id")).longValue();
        JsonNode listed = hub.get("/api/v1/conflicts?status=CONFLICT&productId=" + id).json().get("items");
        assertThat(listed).anySatisfy(c -> {
            assertThat(c.get("id").asLong()).isEqualTo(conflictId);
            assertThat(c.get("occurrences").asInt()).isEqualTo(((Number) open.get(0).get("occurrences")).intValue());
            assertThat(c.get("lastSeenAt").asText()).isNotBlank();
        });

        // the database itself holds the rule
        Timestamp now = Timestamp.from(Instant.now());
        assertThatThrownBy(() -> jdbc.update("INSERT INTO conflicts (product_id, field, field_group, local_origin, local_at, remote_origin, "
                + "remote_at, applied_origin, status, created_at, open_field) VALUES (?, 'name', 'shared', 'A', ?, 'B', ?, 'B', 'CONFLICT', ?, 'name')",
                id, now, now, now)).isInstanceOf(DataIntegrityViolationException.class);

        // the operator settles it (the hub keeps Shopify's name, which both shops already hold)
        assertThat(hub.post("/api/v1/conflicts/" + conflictId + "/resolve", "{\"resolution\":\"accept_remote\"}").status()).isEqualTo(200);
        awaitNoOpenJobs();
        // a reconciliation pull brings each shop's last state again: nothing new was written anywhere
        pulledByReconciliation("WOOCOMMERCE", "product.updated", wooState("Woo D", "20.00", t.plusSeconds(5).toString().replace("Z", "")));
        pulledByReconciliation("SHOPIFY", "products/update", shopifyState("20.00", t.plusSeconds(15).toString(), "Shopify E", "new, sale"));
        assertThat(count("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND status = 'CONFLICT' AND field = 'name'", id))
                .as("a settled conflict stays settled while nobody disagrees anew").isZero();

        // a genuine new disagreement opens a new record
        fromWoo(wooState("Woo F", "20.00", t.plusSeconds(40).toString().replace("Z", "")));
        assertThat(count("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND status = 'CONFLICT' AND field = 'name'", id)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND status = 'CONFLICT' AND field = 'name' AND id <> ?",
                id, conflictId)).isEqualTo(1);
    }

    @Test
    void aValueWooCommerceLosesToTheRankingIsPushedBackToItSoTheShopsAgree() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(String.format(SHOPIFY_ANSWER, "2026-03-01T10:00:00Z"))));
        long id = seedOnBothShops();
        Instant t = Instant.parse("2026-03-01T10:00:00Z");
        fromShopify(shopifyState("21.00", t.toString(), "T-Shirt", "example, mens, t-shirt"));
        HubClient.await(Duration.ofSeconds(10), "Shopify's price pushed to WooCommerce", () -> requests(WOO).size() == 1);
        awaitNoOpenJobs();
        // the WooCommerce merchant edits the price inside the window: Shopify ranks first, WooCommerce gets 21 again
        fromWoo(wooState("T-Shirt", "22.00", t.plusSeconds(5).toString().replace("Z", "")));
        assertThat(price(id)).isEqualByComparingTo("21.00");
        HubClient.await(Duration.ofSeconds(10), "the hub's price pushed back to WooCommerce", () -> requests(WOO).size() == 2);
        assertThat(pushesWith(WOO, "\"sale_price\":\"21\"")).as("on sale below Shopify's compare-at price").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM conflicts WHERE product_id = ? AND status = 'CONFLICT' AND field = 'netSalesPrice'", id))
                .isZero();
    }
}
