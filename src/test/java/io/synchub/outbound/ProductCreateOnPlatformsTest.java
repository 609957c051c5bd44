package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** POST /api/v1/products with channelIds creates the product on each platform and links the answered ids. */
class ProductCreateOnPlatformsTest extends OutboundTestSupport {

    @Test
    void aProductCreatedInTheHubIsCreatedOnThePlatformsAndLinkedToTheirExactIds() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(containing("productSet")).willReturn(okJson(
                "{\"data\":{\"productSet\":{\"product\":{\"id\":\"gid://shopify/Product/9007199254740993123\",\"variants\":{\"nodes\":"
                        + "[{\"id\":\"gid://shopify/ProductVariant/9007199254740993456\",\"inventoryItem\":{\"id\":\"gid://shopify/InventoryItem/777\"}}]}},"
                        + "\"userErrors\":[]}}}")));
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(containing("productUpdate")).willReturn(okJson(
                "{\"data\":{\"productUpdate\":{\"userErrors\":[]},\"productVariantsBulkUpdate\":{\"userErrors\":[]}}}")));
        WOO.stubFor(post(urlEqualTo("/wp-json/wc/v3/products")).willReturn(okJson("{\"id\":1234,\"type\":\"simple\"}")));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/1234")).willReturn(okJson("{\"id\":1234}")));
        JTL.stubFor(post(urlEqualTo("/api/v1/merchant/products")).willReturn(okJson("{\"jfsku\":\"NEWJFSKU001\"}")));

        HubClient.Response created = hub.post("/api/v1/products", "{\"sku\":\"NEW-1\",\"name\":\"Mug\",\"netSalesPrice\":9.5,"
                + "\"warehouseNotes\":\"glass\",\"channelIds\":[\"SHOPIFY\",\"woocommerce\",\"JTL\"]}");
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        awaitNoOpenJobs();

        JsonNode links = hub.get("/api/v1/products/" + id).json().get("links");
        assertThat(links.findValuesAsText("variantId")).containsExactlyInAnyOrder("9007199254740993456", "1234", "NEWJFSKU001");
        assertThat(links.findValuesAsText("productId")).contains("9007199254740993123");
        assertThat(links.findValuesAsText("inventoryItemId")).contains("777");

        LoggedRequest woo = WOO.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/wp-json/wc/v3/products"))).get(0);
        JsonNode wooBody = CanonicalJson.parse(woo.getBodyAsString());
        assertThat(wooBody.get("type").asText()).isEqualTo("simple");
        assertThat(wooBody.get("regular_price").asText()).isEqualTo("9.5");
        assertThat(woo.getBodyAsString()).doesNotContain("glass");
        LoggedRequest jtl = JTL.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/api/v1/merchant/products"))).get(0);
        assertThat(jtl.getBodyAsString()).contains("glass").contains("NEW-1").doesNotContain("9.5");
        assertThat(SHOPIFY.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL)))
                .get(0).getBodyAsString()).contains("\"title\":\"Mug\"").contains("\"price\":\"9.5\"").doesNotContain("glass");
        assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");

        hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 10}");
        HubClient.await(Duration.ofSeconds(10), "updates go to the created products", () ->
                WOO.findAll(com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor(urlEqualTo("/wp-json/wc/v3/products/1234"))).size() == 1
                        && SHOPIFY.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL))
                        .withRequestBody(containing("gid://shopify/ProductVariant/9007199254740993456"))).size() == 1);
    }

    @Test
    void badCreatesAreRefusedWithWhatToDo() {
        assertThat(hub.post("/api/v1/products", "{\"name\":\"X\",\"channelIds\":[\"AMAZON\"]}").status()).isEqualTo(422);
        assertThat(hub.post("/api/v1/products", "{\"name\":\"X\",\"channelIds\":[\"JTL\"]}").json().get("message").asText()).contains("SKU");
        assertThat(hub.post("/api/v1/products", "{\"sku\":\"D-1\",\"name\":\"X\"}").status()).isEqualTo(201);
        assertThat(hub.post("/api/v1/products", "{\"sku\":\"D-1\",\"name\":\"Y\"}").status()).isEqualTo(409);
        assertThat(hub.post("/api/v1/products", "{\"name\":").status()).isEqualTo(400);
        assertThat(hub.post("/api/v1/products", "{\"nmae\":\"X\"}").status()).isEqualTo(422);
        assertThat(count("SELECT COUNT(*) FROM products")).isEqualTo(1);
    }
}
