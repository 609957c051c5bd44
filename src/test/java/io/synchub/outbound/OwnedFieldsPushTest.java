package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Only the field groups ownership.yaml routes to a target leave the hub, and only targets that should hear of a change do. */
class OwnedFieldsPushTest extends OutboundTestSupport {

    @org.springframework.beans.factory.annotation.Autowired
    org.apache.camel.CamelContext camel;

    static final String FIELDS = "{\"sku\":\"TS-1\",\"name\":\"T-Shirt\",\"description\":\"Soft\",\"netSalesPrice\":19.99,"
            + "\"vendor\":\"Acme\",\"warehouseNotes\":\"fragile\",\"weightInKg\":0.25,\"storageLocation\":\"A-01\"}";
    static final String SHOPIFY_OK = "{\"data\":{\"productUpdate\":{\"product\":{\"id\":\"gid://shopify/Product/788032119674292922\"},"
            + "\"userErrors\":[]},\"productVariantsBulkUpdate\":{\"productVariants\":[],\"userErrors\":[]}}}";

    long seedLinkedEverywhere() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(SHOPIFY_OK)));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/799")).willReturn(okJson("{\"id\":799}")));
        JTL.stubFor(patch(urlEqualTo("/api/v1/merchant/products/MERC01PRDCT")).willReturn(okJson("{\"jfsku\":\"MERC01PRDCT\"}")));
        return seedProduct("TS-1", FIELDS, "SHOPIFY:788032119674292922:642667041472713922:111",
                "WOOCOMMERCE:799:799", "JTL:MERC01PRDCT:MERC01PRDCT");
    }

    @Test
    void aPriceEditReachesShopifyAndWooCommerceWithOnlyCommerceAndSharedFields() {
        long id = seedLinkedEverywhere();
        assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 21.5}").status()).isEqualTo(200);

        HubClient.await(Duration.ofSeconds(10), "Shopify and WooCommerce receive the price", () ->
                requests(SHOPIFY).size() == 1 && requests(WOO).size() == 1);
        awaitNoOpenJobs();

        LoggedRequest shopify = requests(SHOPIFY).get(0);
        assertThat(shopify.getHeader("X-Shopify-Access-Token")).isEqualTo(SHOPIFY_TOKEN);
        JsonNode vars = CanonicalJson.parse(shopify.getBodyAsString()).get("variables");
        assertThat(vars.get("variants").get(0).get("id").asText()).isEqualTo("gid://shopify/ProductVariant/642667041472713922");
        assertThat(vars.get("variants").get(0).get("price").asText()).isEqualTo("21.5");
        assertThat(vars.get("product").get("id").asText()).isEqualTo("gid://shopify/Product/788032119674292922");
        assertThat(vars.get("product").get("title").asText()).isEqualTo("T-Shirt");
        assertThat(vars.get("product").get("vendor").asText()).isEqualTo("Acme");
        assertNoOpsFields(shopify.getBodyAsString());

        LoggedRequest woo = requests(WOO).get(0);
        assertThat(woo.getHeader("Authorization")).startsWith("Basic ");
        JsonNode wooBody = CanonicalJson.parse(woo.getBodyAsString());
        assertThat(wooBody.get("regular_price").asText()).isEqualTo("21.5");
        assertThat(wooBody.get("name").asText()).isEqualTo("T-Shirt");
        assertNoOpsFields(woo.getBodyAsString());

        assertThat(requests(JTL)).as("a price is not JTL's").isEmpty();
        JsonNode product = hub.get("/api/v1/products/" + id).json();
        assertThat(product.get("syncStatus").asText()).isEqualTo("SYNCED");
        JsonNode queue = hub.get("/api/v1/products/" + id + "/queue").json();
        assertThat(queue.get("total").asInt()).isEqualTo(2);
        assertThat(queue.get("items").findValuesAsText("status")).containsOnly("completed");
        assertThat(queue.get("items").findValuesAsText("target")).containsExactlyInAnyOrder("SHOPIFY", "WOOCOMMERCE");
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'SHOPIFY' AND external_id = '642667041472713922'")).isEqualTo(1);
    }

    @Test
    void aSkuTheWarehouseKnowsAlreadyIsLinkedToItsJfskuAndUpdated() {
        JTL.stubFor(post(urlEqualTo("/api/v1/merchant/products")).willReturn(aResponse().withStatus(409)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"status\":409,\"detail\":\"a product with merchantSku TS-9 exists already\",\"jfsku\":\"EXIST00001\"}")));
        JTL.stubFor(patch(urlEqualTo("/api/v1/merchant/products/EXIST00001")).willReturn(okJson("{\"jfsku\":\"EXIST00001\"}")));
        long id = seedProduct("TS-9", FIELDS.replace("TS-1", "TS-9"));
        assertThat(hub.patch("/api/v1/products/" + id, "{\"warehouseNotes\": \"top shelf\"}").status()).isEqualTo(200);

        HubClient.await(Duration.ofSeconds(10), "JTL's existing product updated", () ->
                requests(JTL).stream().anyMatch(r -> r.getUrl().equals("/api/v1/merchant/products/EXIST00001")));
        awaitNoOpenJobs();
        assertThat(hub.get("/api/v1/products/" + id).json().get("links").toString()).contains("EXIST00001");
        assertThat(count("SELECT COUNT(*) FROM dead_letters")).isZero();
    }

    @Test
    void aWarehouseNotesEditReachesOnlyJtl() {
        long id = seedLinkedEverywhere();
        assertThat(hub.patch("/api/v1/products/" + id, "{\"warehouseNotes\": \"handle with care\"}").status()).isEqualTo(200);

        HubClient.await(Duration.ofSeconds(10), "JTL receives the notes", () ->
                requests(JTL).stream().anyMatch(r -> r.getUrl().startsWith("/api/v1/merchant/products/")));
        awaitNoOpenJobs();
        LoggedRequest jtl = requests(JTL).stream().filter(r -> r.getUrl().startsWith("/api/v1/merchant/products/")).findFirst().orElseThrow();
        assertThat(jtl.getMethod().getName()).isEqualTo("PATCH");
        assertThat(jtl.getHeader("Authorization")).isEqualTo("Bearer jtl-access");
        JsonNode body = CanonicalJson.parse(jtl.getBodyAsString());
        assertThat(body.get("note").asText()).isEqualTo("handle with care");
        assertThat(body.get("merchantSku").asText()).isEqualTo("TS-1");
        assertThat(body.get("name").asText()).isEqualTo("T-Shirt");
        assertThat(body.has("netSalesPrice") || jtl.getBodyAsString().contains("19.99")).as("commerce fields are not JTL's").isFalse();
        assertThat(requests(SHOPIFY)).isEmpty();
        assertThat(requests(WOO)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT refresh_token FROM oauth_tokens WHERE name = 'jtl'", String.class))
                .as("the rotated single-use refresh token is stored").isEqualTo("refresh-next");
    }

    @Test
    void aBurstOfEditsCollapsesIntoOnePushOfTheLatestStateAndNothingNewSendsNothing() throws Exception {
        long id = seedLinkedEverywhere();
        camel.getRouteController().suspendRoute("dispatch-outbox-woocommerce");
        camel.getRouteController().suspendRoute("dispatch-outbox-shopify");
        try {
            for (int i = 1; i <= 10; i++) {
                assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": " + (20 + i) + "}").status()).isEqualTo(200);
            }
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND target = 'WOOCOMMERCE'")).isEqualTo(1);
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND target = 'SHOPIFY'")).isEqualTo(1);
            assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("PENDING");
            assertThat(hub.get("/api/v1/sync/status").json().get("pending").asInt()).isEqualTo(1);
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
            camel.getRouteController().resumeRoute("dispatch-outbox-shopify");
        }
        awaitNoOpenJobs();
        assertThat(requests(WOO)).as("ten edits, one push").hasSize(1);
        assertThat(requests(SHOPIFY)).hasSize(1);
        assertThat(CanonicalJson.parse(requests(WOO).get(0).getBodyAsString()).get("regular_price").asText())
                .as("the push carries the latest state").isEqualTo("30");

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 30}");
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'pending'")).as("a write that changes nothing plans nothing").isZero();
        assertThat(count("SELECT COUNT(*) FROM outbox")).isEqualTo(2);
    }

    private static void assertNoOpsFields(String body) {
        assertThat(body).doesNotContain("fragile").doesNotContain("A-01").doesNotContain("TS-1").doesNotContain("0.25")
                .doesNotContain("warehouseNotes");
    }
}
