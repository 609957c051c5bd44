package io.platformsim.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Hmac;
import io.platformsim.core.HookCatcher;
import io.platformsim.core.Http;
import io.platformsim.core.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The WooCommerce simulator over real HTTP on loopback. */
class WooSimulatorTest {

    private HookCatcher hub;
    private WooSimulator woo;
    private String auth;

    @BeforeEach
    void start() throws Exception {
        hub = new HookCatcher();
        woo = new WooSimulator(WooConfig.defaults().withCatalogue(CatalogueSpec.of(230, 5)).withHubWebhookUrl(hub.url("/webhooks/woocommerce"))).start();
        auth = Http.basic(woo.config().consumerKey(), woo.config().consumerSecret());
    }

    @AfterEach
    void stop() {
        woo.close();
        hub.close();
    }

    private Http.Reply call(String method, String path, String body) {
        return Http.send(method, woo.apiUrl() + path, body, "Authorization", auth, "Content-Type", "application/json");
    }

    @Test
    void listPagesWithTotalsAndLinkUntilEveryProductIsSeen() {
        Set<Long> ids = new HashSet<>();
        String url = woo.apiUrl() + "/products?per_page=100&orderby=id&order=asc";
        int pages = 0;
        while (url != null) {
            Http.Reply r = Http.send("GET", url, null, "Authorization", auth);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-WP-Total")).isEqualTo("230");
            assertThat(r.header("X-WP-TotalPages")).isEqualTo("3");
            r.json().forEach(p -> {
                assertThat(p.get("type").asText()).isIn("simple", "variable");
                ids.add(p.get("id").asLong());
            });
            pages++;
            url = next(r.header("Link"));
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(230);
        assertThat(call("GET", "/products?per_page=101", null).json().get("code").asText()).isEqualTo("rest_invalid_param");
        assertThat(call("GET", "/products?per_page=100&page=4", null).json().get("code").asText()).isEqualTo("rest_post_invalid_page_number");
    }

    @Test
    void modifiedAfterReturnsOnlyLaterChanges() throws Exception {
        Thread.sleep(1100);
        String since = WooJson.date(java.time.Instant.now().minusMillis(500));
        woo.randomPriceEdit();
        Http.Reply r = call("GET", "/products?modified_after=" + since + "&per_page=100", null);
        assertThat(r.json().size()).isLessThanOrEqualTo(1);
        assertThat(r.header("X-WP-Total")).isIn("0", "1");
    }

    @Test
    void putAppliesAndFiresASignedProductUpdatedWithTheCurrentPayload() throws Exception {
        JsonNode first = call("GET", "/products?per_page=1&orderby=id&order=asc", null).json().get(0);
        long id = first.get("id").asLong();
        Http.Reply r = call("PUT", "/products/" + id, "{\"regular_price\":\"33.10\",\"sale_price\":\"\",\"manage_stock\":true,\"stock_quantity\":0}");
        if (first.get("type").asText().equals("variable")) {
            assertThat(r.status()).isEqualTo(200);
            return;
        }
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("price").asText()).isEqualTo("33.10");
        assertThat(r.json().get("stock_status").asText()).isEqualTo("outofstock");
        HookCatcher.Delivery d = hub.await(Duration.ofSeconds(10), x -> x.text().contains("\"33.10\""));
        assertThat(d.header("X-WC-Webhook-Signature")).isEqualTo(Hmac.sha256Base64(woo.config().webhookSecret(), d.body()));
        assertThat(d.header("X-WC-Webhook-Topic")).isEqualTo("product.updated");
        assertThat(d.header("X-WC-Webhook-Resource")).isEqualTo("product");
        assertThat(d.header("X-WC-Webhook-Event")).isEqualTo("updated");
        assertThat(d.header("X-WC-Webhook-Source")).isEqualTo("https://woo-sim.example.com/");
        assertThat(d.header("X-WC-Webhook-ID")).isEqualTo("7");
        assertThat(d.header("X-WC-Webhook-Delivery-ID")).matches("[0-9a-f]{32}");
        JsonNode body = Json.parse(d.body());
        assertThat(body.get("id").asLong()).isEqualTo(id);
        assertThat(body.get("date_modified_gmt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    @Test
    void priceIsReadOnlyAndStockNeedsManageStock() {
        long id = simpleProductId();
        call("PUT", "/products/" + id, "{\"manage_stock\":false}");
        JsonNode r = call("PUT", "/products/" + id, "{\"price\":\"1.00\",\"stock_quantity\":5}").json();
        assertThat(r.get("price").asText()).isNotEqualTo("1.00");
        assertThat(r.get("manage_stock").asBoolean()).isFalse();
    }

    private long simpleProductId() {
        for (JsonNode p : call("GET", "/products?per_page=100", null).json()) {
            if (p.get("type").asText().equals("simple")) {
                return p.get("id").asLong();
            }
        }
        throw new AssertionError("no simple product");
    }

    @Test
    void variationsAreUpdatedUnderTheirParent() throws Exception {
        JsonNode variable = null;
        for (JsonNode p : call("GET", "/products?per_page=100", null).json()) {
            if (p.get("type").asText().equals("variable")) {
                variable = p;
                break;
            }
        }
        assertThat(variable).isNotNull();
        long variationId = variable.get("variations").get(0).asLong();
        Http.Reply r = call("PUT", "/products/" + variable.get("id").asLong() + "/variations/" + variationId, "{\"regular_price\":\"44.00\",\"sale_price\":null}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("parent_id").asLong()).isEqualTo(variable.get("id").asLong());
        assertThat(r.json().get("price").asText()).isEqualTo("44.00");
        HookCatcher.Delivery d = hub.await(Duration.ofSeconds(10), x -> x.text().contains("\"44.00\""));
        assertThat(Json.parse(d.body()).get("type").asText()).isEqualTo("variation");
        assertThat(call("PUT", "/products/" + variable.get("id").asLong() + "/variations/1", "{}").json().get("code").asText())
                .isEqualTo("woocommerce_rest_product_variation_invalid_id");
    }

    @Test
    void batchOfMoreThan100ItemsIs413AndItemErrorsArePerItem() {
        ObjectNode big = Json.object();
        ArrayNode update = big.putArray("update");
        for (int i = 0; i < 101; i++) {
            update.addObject().put("id", 100 + i).put("regular_price", "5.00");
        }
        Http.Reply tooBig = call("POST", "/products/batch", Json.text(big));
        assertThat(tooBig.status()).isEqualTo(413);
        assertThat(tooBig.json().get("code").asText()).isEqualTo("woocommerce_rest_request_entity_too_large");
        assertThat(tooBig.json().get("data").get("status").asInt()).isEqualTo(413);

        long id = simpleProductId();
        ObjectNode batch = Json.object();
        batch.putArray("update").add(Json.object().put("id", id).put("regular_price", "7.77")).add(Json.object().put("id", 999999).put("regular_price", "1.00"));
        Http.Reply r = call("POST", "/products/batch", Json.text(batch));
        assertThat(r.status()).isEqualTo(200);
        JsonNode results = r.json().get("update");
        assertThat(results.get(0).get("regular_price").asText()).isEqualTo("7.77");
        assertThat(results.get(1).get("id").asLong()).isEqualTo(999999);
        assertThat(results.get(1).get("error").get("code").asText()).isEqualTo("woocommerce_rest_product_invalid_id");
    }

    @Test
    void wrongCredentialsAre401InWooCommerceErrorShape() {
        Http.Reply r = Http.send("GET", woo.apiUrl() + "/products", null, "Authorization", Http.basic("ck_wrong", "x"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("code").asText()).isEqualTo("woocommerce_rest_authentication_error");
        assertThat(r.json().get("data").get("status").asInt()).isEqualTo(401);
        assertThat(Http.send("GET", woo.apiUrl() + "/products", null).status()).isEqualTo(401);
        assertThat(Http.send("GET", woo.apiUrl() + "/products?consumer_key=" + woo.config().consumerKey()
                + "&consumer_secret=" + woo.config().consumerSecret(), null).status()).isEqualTo(200);
    }

    @Test
    void perRequestRateLimitAnswers429WithRetryAfter() {
        woo.close();
        woo = new WooSimulator(WooConfig.defaults().withCatalogue(CatalogueSpec.of(10, 5)).withMinRequestInterval(Duration.ofMillis(500))).start();
        auth = Http.basic(woo.config().consumerKey(), woo.config().consumerSecret());
        assertThat(call("GET", "/products", null).status()).isEqualTo(200);
        Http.Reply limited = call("GET", "/products", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Double.parseDouble(limited.header("Retry-After"))).isBetween(0.1, 0.5);
        assertThat(limited.json().get("data").get("status").asInt()).isEqualTo(429);
    }

    @Test
    void aBurstOfEditsIsCoalescedIntoFewDeliveriesAndFailuresDisableTheWebhook() throws Exception {
        long id = simpleProductId();
        for (int i = 0; i < 20; i++) {
            call("PUT", "/products/" + id, "{\"regular_price\":\"" + (10 + i) + ".00\"}");
        }
        hub.await(Duration.ofSeconds(10), d -> d.text().contains("\"29.00\""));
        assertThat(hub.deliveries().size()).isLessThan(20);

        hub.answer(500);
        for (int i = 0; i < 8 && !woo.webhooks().disabled(); i++) {
            woo.randomPriceEdit();
            Thread.sleep(150);
        }
        HookCatcher.await(Duration.ofSeconds(10), () -> woo.webhooks().disabled());
    }

    static String next(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
        return m.find() ? m.group(1) : null;
    }
}
