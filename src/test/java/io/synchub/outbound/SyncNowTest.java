package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/products/{id}/sync pushes the whole owned state again, skipping the platforms named. */
class SyncNowTest extends OutboundTestSupport {

    @Test
    void syncPushesEverythingToEachTargetExceptTheSkippedOnes() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(SHOPIFY_ACCEPTS_ALL)));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/799")).willReturn(okJson("{\"id\":799}")));
        JTL.stubFor(patch(urlEqualTo("/api/v1/merchant/products/MERC01PRDCT")).willReturn(okJson("{}")));
        long id = seedProduct("TS-1", "{\"sku\":\"TS-1\",\"name\":\"T-Shirt\",\"netSalesPrice\":19.99,\"available\":3,\"warehouseNotes\":\"x\"}",
                "SHOPIFY:1:2:3", "WOOCOMMERCE:799:799", "JTL:MERC01PRDCT:MERC01PRDCT");

        JsonNode answer = hub.post("/api/v1/products/" + id + "/sync", "{\"skipPlatforms\":[\"jtl\"]}").json();
        assertThat(answer.get("queuedFor").toString()).contains("SHOPIFY").contains("WOOCOMMERCE").doesNotContain("JTL");
        awaitNoOpenJobs();
        assertThat(requests(SHOPIFY)).as("product and stock, due together: one document").hasSize(1);
        assertThat(requests(SHOPIFY).get(0).getBodyAsString()).contains("productUpdate(product: $").contains("inventorySetQuantities(input: $");
        assertThat(requests(WOO)).hasSize(1);
        assertThat(requests(WOO).get(0).getBodyAsString()).contains("\"stock_quantity\":3").contains("\"regular_price\":\"19.99\"");
        assertThat(requests(JTL)).isEmpty();
        JsonNode queue = hub.get("/api/v1/products/" + id + "/queue").json();
        assertThat(queue.get("total").asInt()).isEqualTo(3);
        assertThat(queue.get("items").findValuesAsText("operation")).contains("stock_update", "update");

        assertThat(hub.post("/api/v1/products/" + id + "/sync", "").json().get("queuedFor").toString()).contains("JTL");
        assertThat(hub.post("/api/v1/products/999999/sync", "").status()).isEqualTo(404);
        assertThat(hub.post("/api/v1/products/" + id + "/sync", "{\"skipPlatforms\":\"JTL\"}").status()).isEqualTo(400);
        assertThat(hub.get("/api/v1/products/999999/queue").status()).isEqualTo(404);
    }
}
