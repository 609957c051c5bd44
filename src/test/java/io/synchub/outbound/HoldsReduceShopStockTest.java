package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hub mode with SYNCHUB_HOLDS_REDUCE_SHOP_STOCK=true: the shops (WireMock Shopify and WooCommerce, real HTTP) are
 * offered available minus held, pushed again whenever the holds of the SKU change.
 */
@TestPropertySource(properties = {"synchub.holds.authority=hub", "synchub.holds.reduce-shop-stock=true"})
class HoldsReduceShopStockTest extends OutboundTestSupport {

    private static final String WOO_PRODUCT = "/wp-json/wc/v3/products/799";

    private long lastWooStock() {
        List<LoggedRequest> puts = requests(WOO).stream().filter(r -> r.getUrl().equals(WOO_PRODUCT)).toList();
        assertThat(puts).isNotEmpty();
        // WireMock lists the newest request first
        return CanonicalJson.parse(puts.get(0).getBodyAsString()).get("stock_quantity").asLong();
    }

    private long lastShopifyStock() {
        List<LoggedRequest> calls = requests(SHOPIFY).stream().filter(r -> r.getBodyAsString().contains("inventorySetQuantities")).toList();
        assertThat(calls).isNotEmpty();
        JsonNode vars = CanonicalJson.parse(calls.get(0).getBodyAsString()).get("variables");
        return vars.at("/input/quantities/0/quantity").asLong();
    }

    private void awaitPushed(long woo, long shopify) {
        HubClient.await(Duration.ofSeconds(15), "shops offered " + woo, () -> {
            awaitNoOpenJobs();
            return !requests(WOO).isEmpty() && lastWooStock() == woo && lastShopifyStock() == shopify;
        });
    }

    @Test
    void theShopsAreOfferedAvailableMinusHeldAndRepushedWhenHoldsChange() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson("{\"data\":{\"inventorySetQuantities\":{\"userErrors\":[]}}}")));
        WOO.stubFor(put(urlEqualTo(WOO_PRODUCT)).willReturn(okJson("{\"id\":799}")));
        long id = seedProduct("HS-1", "{\"sku\":\"HS-1\",\"name\":\"Hoodie\",\"available\":10}",
                "SHOPIFY:788032119674292922:642667041472713922:4711", "WOOCOMMERCE:799:799");

        HubClient.Response hold = hub.post("/api/v1/holds", "{\"items\":[{\"sku\":\"HS-1\",\"quantity\":3}]}");
        assertThat(hold.status()).as(hold.body()).isEqualTo(201);
        awaitPushed(7, 7);

        // the warehouse reports a new level: pushed minus what is still held
        assertThat(hub.patch("/api/v1/products/" + id, "{\"available\":20}").status()).isEqualTo(200);
        awaitPushed(17, 17);
        assertThat(hub.get("/api/v1/products/" + id).json().get("available").asLong()).as("the stored level is not reduced").isEqualTo(20);

        assertThat(hub.delete("/api/v1/holds/" + hold.json().get("holdId").asText()).status()).isEqualTo(200);
        awaitPushed(20, 20);

        // a confirmed hold keeps its units off the shops until the next stock update
        String second = hub.post("/api/v1/holds", "{\"items\":[{\"sku\":\"HS-1\",\"quantity\":5}]}").json().get("holdId").asText();
        awaitPushed(15, 15);
        assertThat(hub.post("/api/v1/holds/" + second + "/confirm", "").status()).isEqualTo(200);
        awaitNoOpenJobs();
        assertThat(lastWooStock()).isEqualTo(15);
        assertThat(hub.patch("/api/v1/products/" + id, "{\"available\":15}").status()).isEqualTo(200);
        awaitPushed(15, 15);
        assertThat(hub.get("/api/v1/availability?skus=HS-1").json().get("items").get(0).get("available").asLong()).isEqualTo(15);
    }
}
