package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flow B: an operator edit goes to Shopify, and the fake Shopify fires the pushed state back as signed webhooks
 * (products/update and inventory_levels/update), as the real one does. The hub skips them as echoes: one edit, one push.
 */
class EchoLoopTest extends OutboundTestSupport {

    static final String SAMPLE = new String(HubClient.fixture("shopify/products_update.json"), StandardCharsets.UTF_8)
            .replaceFirst("\"inventory_item_id\": null", "\"inventory_item_id\": 4711");
    @Test
    void theShopifyWebhookRepeatingAPushIsSkippedAsAnEchoAndCausesNoSecondPush() {
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(SHOPIFY_ACCEPTS_ALL)));
        assertThat(hub.shopifyWebhook("products/update", "evt-create", SAMPLE.getBytes(StandardCharsets.UTF_8), SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "the sample's two variants stored", () ->
                hub.get("/api/v1/products?q=t-shirt").json().get("total").asInt() == 2);
        long small = hub.get("/api/v1/products?q=small").json().get("items").get(0).get("id").asLong();
        assertThat(requests(SHOPIFY)).as("Shopify's own change is not pushed back to Shopify").isEmpty();
        // an hour passes: the operator's edit is outside the conflict window of Shopify's last write
        String hourAgo = java.time.Instant.now().minus(Duration.ofHours(1)).toString();
        jdbc.queryForList("SELECT id, field_meta FROM products").forEach(row -> jdbc.update("UPDATE products SET field_meta = ? WHERE id = ?",
                String.valueOf(row.get("field_meta")).replaceAll("\"at\":\"[^\"]+\"", "\"at\":\"" + hourAgo + "\""), row.get("id")));

        assertThat(hub.patch("/api/v1/products/" + small, "{\"netSalesPrice\": 21.5, \"available\": 75}").status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "product and stock pushed", () -> requests(SHOPIFY).size() == 1);
        awaitNoOpenJobs();
        // the edit's two jobs (product, stock) are due together: one document, each job under its own aliases
        String push = requests(SHOPIFY).get(0).getBodyAsString();
        JsonNode vars = CanonicalJson.parse(push).get("variables");
        String stockAlias = java.util.stream.StreamSupport.stream(((Iterable<String>) vars::fieldNames).spliterator(), false)
                .filter(f -> f.endsWith("_input")).findFirst().orElseThrow().replace("input", "");
        JsonNode stock = vars.get(stockAlias + "input");
        assertThat(stock.at("/quantities/0/quantity").asInt()).isEqualTo(75);
        assertThat(stock.at("/quantities/0/inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/4711");
        assertThat(stock.at("/quantities/0/locationId").asText()).isEqualTo("gid://shopify/Location/9001");
        assertThat(vars.get(stockAlias + "key").asText()).isNotBlank();
        assertThat(push).contains("@idempotent(key: $" + stockAlias + "key)").contains("productUpdate(product: $");

        // the fake Shopify fires what it now holds back at the hub
        String echoed = SAMPLE.replaceFirst("\"price\": \"19.99\"", "\"price\": \"21.50\"");
        assertThat(hub.shopifyWebhook("products/update", "evt-echo", echoed.getBytes(StandardCharsets.UTF_8), SECRET).status()).isEqualTo(200);
        String level = "{\"inventory_item_id\":4711,\"location_id\":9001,\"available\":75,\"updated_at\":\"2026-01-01T00:00:00Z\","
                + "\"admin_graphql_api_id\":\"gid://shopify/InventoryLevel/9001?inventory_item_id=4711\"}";
        assertThat(hub.shopifyWebhook("inventory_levels/update", "evt-level", level.getBytes(StandardCharsets.UTF_8), SECRET).status()).isEqualTo(200);
        HubClient.await(Duration.ofSeconds(10), "both echoes processed", () ->
                count("SELECT COUNT(*) FROM inbox WHERE status = 'DONE'") == 3);

        JsonNode logs = hub.get("/api/v1/products/" + small + "/logs").json();
        assertThat(logs.get("items").findValuesAsText("action").stream().filter("echo_skipped"::equals).count()).as(logs.toString() + jdbc.queryForList("SELECT * FROM echo_ledger")).isEqualTo(2);
        sleep(1000);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'processing')")).isZero();
        assertThat(requests(SHOPIFY)).as("one edit, one push of the product and its stock, ever").hasSize(1);
        JsonNode product = hub.get("/api/v1/products/" + small).json();
        assertThat(product.get("netSalesPrice").decimalValue()).isEqualByComparingTo("21.5");
        assertThat(product.get("syncStatus").asText()).isEqualTo("SYNCED");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
