package io.platformsim.shopify;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The Shopify simulator over real HTTP on loopback. */
class ShopifySimulatorTest {

    private static final String MUTATION_PRICE = """
            mutation UpdatePrices($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
              productVariantsBulkUpdate(productId: $productId, variants: $variants) {
                productVariants { id price } userErrors { field message code }
              }
            }""";
    private static final String MUTATION_STOCK = """
            mutation SetStock($input: InventorySetQuantitiesInput!, $key: String!) {
              inventorySetQuantities(input: $input) @idempotent(key: $key) {
                inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field message code }
              }
            }""";

    private HookCatcher hub;
    private ShopifySimulator shopify;
    private String graphqlUrl;

    @BeforeEach
    void start() throws Exception {
        hub = new HookCatcher();
        shopify = new ShopifySimulator(ShopifyConfig.defaults().withCatalogue(CatalogueSpec.of(25, 3))
                .withHubWebhookUrl(hub.url("/webhooks/shopify")).withRestLimit(40, 2).withGraphqlLimit(1000, 100)).start();
        graphqlUrl = shopify.baseUrl() + "/admin/api/2026-04/graphql.json";
    }

    @AfterEach
    void stop() {
        shopify.close();
        hub.close();
    }

    private Http.Reply graphql(String query, ObjectNode variables) {
        ObjectNode body = Json.object().put("query", query);
        body.set("variables", variables);
        return Http.send("POST", graphqlUrl, Json.text(body), "Content-Type", "application/json",
                "X-Shopify-Access-Token", shopify.config().accessToken());
    }

    private JsonNode firstProduct() {
        return shopify.product(shopify.productIds().get(0)).orElseThrow();
    }

    @Test
    void merchantEditFiresASignedProductsUpdateWithExactIds() throws Exception {
        String sku = shopify.randomPriceEdit();
        HookCatcher.Delivery d = hub.await(Duration.ofSeconds(10), x -> "products/update".equals(x.header("X-Shopify-Topic")));
        assertThat(d.header("X-Shopify-Hmac-Sha256")).isEqualTo(Hmac.sha256Base64(shopify.config().webhookSecret(), d.body()));
        assertThat(d.header("X-Shopify-Shop-Domain")).isEqualTo("synchub-sim.myshopify.com");
        assertThat(d.header("X-Shopify-API-Version")).isEqualTo("2026-04");
        assertThat(d.header("X-Shopify-Webhook-Id")).isNotBlank();
        assertThat(d.header("X-Shopify-Event-Id")).isNotBlank();
        assertThat(d.header("X-Shopify-Triggered-At")).isNotBlank();
        JsonNode product = Json.parse(d.body());
        assertThat(product.get("id").isLong()).isTrue();
        assertThat(product.get("id").asText()).hasSize(18);
        assertThat(product.get("admin_graphql_api_id").asText()).isEqualTo("gid://shopify/Product/" + product.get("id").asText());
        JsonNode variant = product.get("variants").get(0);
        assertThat(variant.get("admin_graphql_api_id").asText()).isEqualTo("gid://shopify/ProductVariant/" + variant.get("id").asText());
        assertThat(variant.get("price").isTextual()).isTrue();
        assertThat(product.get("variant_gids")).hasSize(product.get("variants").size());
        if (sku != null) {
            assertThat(d.text()).contains(sku);
        }
    }

    @Test
    void variantsBulkUpdateAppliesAndEchoesProductsUpdate() throws Exception {
        JsonNode product = firstProduct();
        String variantGid = product.get("variants").get(0).get("admin_graphql_api_id").asText();
        ObjectNode vars = Json.object().put("productId", product.get("admin_graphql_api_id").asText());
        vars.putArray("variants").addObject().put("id", variantGid).put("price", "12.34");
        Http.Reply r = graphql(MUTATION_PRICE, vars);
        assertThat(r.status()).isEqualTo(200);
        JsonNode result = r.json().get("data").get("productVariantsBulkUpdate");
        assertThat(result.get("userErrors")).isEmpty();
        assertThat(result.get("productVariants").get(0).get("price").asText()).isEqualTo("12.34");
        JsonNode throttle = r.json().get("extensions").get("cost").get("throttleStatus");
        assertThat(throttle.get("maximumAvailable").asDouble()).isEqualTo(1000.0);
        assertThat(throttle.get("currentlyAvailable").asInt()).isBetween(980, 1000);
        assertThat(throttle.get("restoreRate").asDouble()).isEqualTo(100.0);

        assertThat(shopify.product(product.get("id").asLong()).orElseThrow().get("variants").get(0).get("price").asText()).isEqualTo("12.34");
        HookCatcher.Delivery echo = hub.await(Duration.ofSeconds(10), d -> d.text().contains("\"12.34\""));
        assertThat(echo.header("X-Shopify-Topic")).isEqualTo("products/update");
    }

    @Test
    void unknownVariantIsAUserErrorAndChangesNothing() {
        JsonNode product = firstProduct();
        ObjectNode vars = Json.object().put("productId", product.get("admin_graphql_api_id").asText());
        vars.putArray("variants").addObject().put("id", "gid://shopify/ProductVariant/1").put("price", "1.00");
        JsonNode result = graphql(MUTATION_PRICE, vars).json().get("data").get("productVariantsBulkUpdate");
        assertThat(result.get("userErrors").get(0).get("code").asText()).isEqualTo("PRODUCT_VARIANT_DOES_NOT_EXIST");
        assertThat(result.get("productVariants")).isEmpty();
    }

    private ObjectNode stockInput(JsonNode variant, int quantity, int compare) {
        ObjectNode input = Json.object().put("name", "available").put("reason", "correction")
                .put("referenceDocumentUri", "gid://synchub/SyncJob/1");
        input.putArray("quantities").addObject()
                .put("inventoryItemId", "gid://shopify/InventoryItem/" + variant.get("inventory_item_id").asText())
                .put("locationId", shopify.locationGid()).put("quantity", quantity).put("compareQuantity", compare);
        return input;
    }

    @Test
    void inventorySetQuantitiesComparesAndTheSameIdempotencyKeyReplaysTheFirstResult() {
        JsonNode variant = firstProduct().get("variants").get(0);
        int before = variant.get("inventory_quantity").asInt();
        ObjectNode vars = Json.object().put("key", "job-1-attempt");
        vars.set("input", stockInput(variant, before + 5, before));
        Http.Reply first = graphql(MUTATION_STOCK, vars);
        JsonNode change = first.json().get("data").get("inventorySetQuantities").get("inventoryAdjustmentGroup").get("changes").get(0);
        assertThat(change.get("delta").asInt()).isEqualTo(5);
        assertThat(change.get("quantityAfterChange").asInt()).isEqualTo(before + 5);

        // the same key again (a retry of the same logical write): the first result, not applied twice
        Http.Reply replay = graphql(MUTATION_STOCK, vars);
        assertThat(replay.json().get("data")).isEqualTo(first.json().get("data"));
        assertThat(shopify.variantBySku(variant.get("sku").asText(null) == null ? "-" : variant.get("sku").asText())
                .map(v -> v.get("inventory_quantity").asInt()).orElse(before + 5)).isEqualTo(before + 5);
        assertThat(shopify.product(firstProduct().get("id").asLong()).orElseThrow().get("variants").get(0).get("inventory_quantity").asInt())
                .isEqualTo(before + 5);

        // a new key with the old compareQuantity is stale
        ObjectNode stale = Json.object().put("key", "job-2");
        stale.set("input", stockInput(variant, 1, before));
        JsonNode result = graphql(MUTATION_STOCK, stale).json().get("data").get("inventorySetQuantities");
        assertThat(result.get("userErrors").get(0).get("code").asText()).isEqualTo("COMPARE_QUANTITY_STALE");
        assertThat(result.get("inventoryAdjustmentGroup").isNull()).isTrue();

        // the re-read after a stale compare
        Http.Reply levels = Http.send("GET", shopify.baseUrl() + "/admin/api/2026-04/inventory_levels.json?inventory_item_ids="
                + variant.get("inventory_item_id").asText() + "&location_ids=" + shopify.config().locationId(), null,
                "X-Shopify-Access-Token", shopify.config().accessToken());
        assertThat(levels.json().get("inventory_levels").get(0).get("available").asInt()).isEqualTo(before + 5);
    }

    @Test
    void inventorySetFiresInventoryLevelAndProductWebhooks() throws Exception {
        JsonNode variant = firstProduct().get("variants").get(0);
        int before = variant.get("inventory_quantity").asInt();
        ObjectNode vars = Json.object().put("key", "k-webhooks");
        vars.set("input", stockInput(variant, before + 1, before));
        graphql(MUTATION_STOCK, vars);
        HookCatcher.Delivery level = hub.await(Duration.ofSeconds(10), d -> "inventory_levels/update".equals(d.header("X-Shopify-Topic")));
        JsonNode body = Json.parse(level.body());
        assertThat(body.get("available").asInt()).isEqualTo(before + 1);
        assertThat(body.get("admin_graphql_api_id").asText()).endsWith("?inventory_item_id=" + variant.get("inventory_item_id").asText());
        hub.await(Duration.ofSeconds(10), d -> "products/update".equals(d.header("X-Shopify-Topic")));
    }

    @Test
    void inventoryMutationWithoutIdempotentDirectiveIsRejectedFrom202604() {
        JsonNode variant = firstProduct().get("variants").get(0);
        ObjectNode vars = Json.object();
        vars.set("input", stockInput(variant, 3, variant.get("inventory_quantity").asInt()));
        String noKey = MUTATION_STOCK.replace(", $key: String!", "").replace(" @idempotent(key: $key)", "");
        JsonNode r = graphql(noKey, vars).json();
        assertThat(r.get("errors").get(0).get("message").asText()).contains("@idempotent");
        assertThat(r.has("data")).isFalse();
    }

    @Test
    void graphqlBucketExhaustedAnswersThrottled() {
        shopify.close();
        shopify = new ShopifySimulator(ShopifyConfig.defaults().withCatalogue(CatalogueSpec.of(5, 3)).withGraphqlLimit(20, 1)).start();
        graphqlUrl = shopify.baseUrl() + "/admin/api/2026-04/graphql.json";
        JsonNode product = firstProduct();
        ObjectNode vars = Json.object().put("productId", product.get("admin_graphql_api_id").asText());
        vars.putArray("variants").addObject().put("id", product.get("variants").get(0).get("admin_graphql_api_id").asText()).put("price", "9.99");
        assertThat(graphql(MUTATION_PRICE, vars).json().has("errors")).isFalse();
        assertThat(graphql(MUTATION_PRICE, vars).json().has("errors")).isFalse();
        JsonNode throttled = graphql(MUTATION_PRICE, vars).json();
        assertThat(throttled.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("THROTTLED");
        assertThat(throttled.get("extensions").get("cost").get("throttleStatus").get("currentlyAvailable").asInt()).isLessThan(10);
    }

    @Test
    void aliasedMutationsOfOneDocumentAreEachAnsweredUnderTheirAlias() {
        JsonNode first = shopify.product(shopify.productIds().get(0)).orElseThrow();
        JsonNode second = shopify.product(shopify.productIds().get(1)).orElseThrow();
        String twoProducts = """
                mutation Two($a: ID!, $av: [ProductVariantsBulkInput!]!, $b: ID!, $bv: [ProductVariantsBulkInput!]!) {
                  first: productVariantsBulkUpdate(productId: $a, variants: $av) { productVariants { id price } userErrors { field message code } }
                  second: productVariantsBulkUpdate(productId: $b, variants: $bv) { productVariants { id price } userErrors { field message code } }
                }""";
        ObjectNode vars = Json.object().put("a", first.get("admin_graphql_api_id").asText()).put("b", second.get("admin_graphql_api_id").asText());
        vars.putArray("av").addObject().put("id", first.get("variants").get(0).get("admin_graphql_api_id").asText()).put("price", "11.11");
        vars.putArray("bv").addObject().put("id", "gid://shopify/ProductVariant/1").put("price", "22.22");

        JsonNode answer = graphql(twoProducts, vars).json();

        assertThat(answer.get("data").get("first").get("userErrors")).isEmpty();
        assertThat(answer.get("data").get("first").get("productVariants").get(0).get("price").asText()).isEqualTo("11.11");
        assertThat(answer.get("data").get("second").get("userErrors").get(0).get("code").asText()).isEqualTo("PRODUCT_VARIANT_DOES_NOT_EXIST");
        assertThat(answer.get("extensions").get("cost").get("requestedQueryCost").asInt()).isEqualTo(20);
        assertThat(shopify.product(first.get("id").asLong()).orElseThrow().get("variants").get(0).get("price").asText()).isEqualTo("11.11");
    }

    @Test
    void twoMutationsUnderOneNameAreAConflictAndChangeNothing() {
        JsonNode product = firstProduct();
        String before = product.get("variants").get(0).get("price").asText();
        String twice = """
                mutation Twice($a: ID!, $av: [ProductVariantsBulkInput!]!) {
                  productVariantsBulkUpdate(productId: $a, variants: $av) { userErrors { field message code } }
                  productVariantsBulkUpdate(productId: $a, variants: $av) { userErrors { field message code } }
                }""";
        ObjectNode vars = Json.object().put("a", product.get("admin_graphql_api_id").asText());
        vars.putArray("av").addObject().put("id", product.get("variants").get(0).get("admin_graphql_api_id").asText()).put("price", "77.77");

        JsonNode answer = graphql(twice, vars).json();

        assertThat(answer.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("FIELDS_CONFLICT");
        assertThat(shopify.product(product.get("id").asLong()).orElseThrow().get("variants").get(0).get("price").asText())
                .as("the first mutation must not have been applied either").isEqualTo(before);
    }

    @Test
    void aDocumentCostingMoreThanTheBucketHoldsIsRefusedAsOverTheMaximumCost() {
        shopify.close();
        shopify = new ShopifySimulator(ShopifyConfig.defaults().withCatalogue(CatalogueSpec.of(5, 3)).withGraphqlLimit(15, 1)).start();
        graphqlUrl = shopify.baseUrl() + "/admin/api/2026-04/graphql.json";
        JsonNode product = firstProduct();
        String twoMutations = """
                mutation Two($a: ID!, $av: [ProductVariantsBulkInput!]!) {
                  x: productVariantsBulkUpdate(productId: $a, variants: $av) { userErrors { field message code } }
                  y: productVariantsBulkUpdate(productId: $a, variants: $av) { userErrors { field message code } }
                }""";
        ObjectNode vars = Json.object().put("a", product.get("admin_graphql_api_id").asText());
        vars.putArray("av").addObject().put("id", product.get("variants").get(0).get("admin_graphql_api_id").asText()).put("price", "1.00");

        JsonNode answer = graphql(twoMutations, vars).json();

        assertThat(answer.get("errors").get(0).get("extensions").get("code").asText()).isEqualTo("MAX_COST_EXCEEDED");
        assertThat(answer.get("errors").get(0).get("message").asText()).contains("20").contains("15");
    }

    @Test
    void restPagesWithLinkRelNextOverTheWholeCatalogue() {
        Set<String> ids = new HashSet<>();
        String url = shopify.baseUrl() + "/admin/api/2026-04/products.json?limit=10&updated_at_min=2000-01-01T00:00:00-05:00";
        int pages = 0;
        while (url != null) {
            Http.Reply r = Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.header("X-Shopify-Shop-Api-Call-Limit")).matches("\\d+/40");
            r.json().get("products").forEach(p -> ids.add(p.get("id").asText()));
            pages++;
            url = nextLink(r.header("Link"));
        }
        assertThat(pages).isEqualTo(3);
        assertThat(ids).hasSize(25);
    }

    @Test
    void restUpdatedAtMinFiltersToRecentEdits() throws Exception {
        String since = java.time.OffsetDateTime.now().minusSeconds(1).toString();
        shopify.randomPriceEdit();
        Http.Reply r = Http.send("GET", shopify.baseUrl() + "/admin/api/2026-04/products.json?updated_at_min="
                + java.net.URLEncoder.encode(since, "UTF-8"), null, "X-Shopify-Access-Token", shopify.config().accessToken());
        assertThat(r.json().get("products")).hasSize(1);
    }

    @Test
    void restLeakyBucketAnswers429WithRetryAfter() {
        shopify.close();
        shopify = new ShopifySimulator(ShopifyConfig.defaults().withCatalogue(CatalogueSpec.of(5, 3)).withRestLimit(2, 0.5)).start();
        String url = shopify.baseUrl() + "/admin/api/2026-04/products.json";
        List<Integer> statuses = new ArrayList<>();
        Http.Reply last = null;
        for (int i = 0; i < 3; i++) {
            last = Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken());
            statuses.add(last.status());
        }
        assertThat(statuses).containsExactly(200, 200, 429);
        assertThat(Double.parseDouble(last.header("Retry-After"))).isBetween(1.0, 2.0);
        assertThat(last.json().get("errors").asText()).contains("Exceeded");
    }

    @Test
    void wrongTokenIs401AndEveryRequestIsRecorded() {
        Http.Reply r = Http.send("POST", graphqlUrl, "{\"query\":\"mutation{}\"}", "X-Shopify-Access-Token", "wrong");
        assertThat(r.status()).isEqualTo(401);
        assertThat(shopify.requests().matching("POST", "/admin/api/2026-04/graphql.json")).hasSize(1)
                .allSatisfy(rec -> {
                    assertThat(rec.status()).isEqualTo(401);
                    assertThat(rec.headers().get("x-shopify-access-token")).isEqualTo("[redacted]");
                });
    }

    @Test
    void outageAndInjectedErrors() {
        shopify.faults().failNext(1, 500);
        String url = shopify.baseUrl() + "/admin/api/2026-04/products.json";
        assertThat(Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken()).status()).isEqualTo(500);
        assertThat(Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken()).status()).isEqualTo(200);
        shopify.faults().outageNow(Duration.ofSeconds(30));
        assertThat(Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken()).status()).isEqualTo(503);
        shopify.faults().clear();
        assertThat(Http.send("GET", url, null, "X-Shopify-Access-Token", shopify.config().accessToken()).status()).isEqualTo(200);
    }

    @Test
    void failedDeliveriesAreRetried() throws Exception {
        hub.answer(500);
        shopify.randomPriceEdit();
        hub.await(Duration.ofSeconds(5), d -> true);
        hub.answer(200);
        HookCatcher.Delivery first = hub.deliveries().get(0);
        // the retry after ~1 s carries the same ids and the same bytes
        hub.await(Duration.ofSeconds(10), d -> hub.deliveries().size() >= 2);
        HookCatcher.Delivery retry = hub.deliveries().get(1);
        assertThat(retry.header("X-Shopify-Event-Id")).isEqualTo(first.header("X-Shopify-Event-Id"));
        assertThat(retry.body()).isEqualTo(first.body());
        HookCatcher.await(Duration.ofSeconds(5), () -> shopify.webhooks().delivered() == 1);
    }

    static String nextLink(String link) {
        if (link == null) {
            return null;
        }
        Matcher m = Pattern.compile("<([^>]+)>;\\s*rel=\"next\"").matcher(link);
        return m.find() ? m.group(1) : null;
    }
}
