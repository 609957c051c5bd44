package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.Http;
import io.platformsim.shopify.ShopifyConfig;
import io.platformsim.shopify.ShopifySimulator;
import io.synchub.canonical.CanonicalJson;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Single-push documents joined under aliases, answered by the Shopify simulator (which answers aliases as Shopify does). */
class GraphqlBatchDocumentTest {

    /** The document mappings/shopify/product-out.jsonata writes for one product. */
    private static final String PRODUCT_OUT = "mutation SyncHubProductUpdate($product: ProductUpdateInput!, $productId: ID!, "
            + "$variants: [ProductVariantsBulkInput!]!) { productUpdate(product: $product) { product { id updatedAt } userErrors "
            + "{ field message } } productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id } "
            + "userErrors { field message code } } }";

    private static ObjectNode productOut(JsonNode product, String title, String variantGid, String price) {
        ObjectNode doc = CanonicalJson.object().put("query", PRODUCT_OUT);
        ObjectNode vars = doc.putObject("variables");
        vars.putObject("product").put("id", product.get("admin_graphql_api_id").asText()).put("title", title);
        vars.put("productId", product.get("admin_graphql_api_id").asText());
        vars.putArray("variants").addObject().put("id", variantGid).put("price", price);
        return doc;
    }

    @Test
    void twoProductDocumentsGoAsOneAndEachReadsItsOwnAnswer() {
        try (ShopifySimulator shopify = new ShopifySimulator(ShopifyConfig.defaults().withCatalogue(CatalogueSpec.of(5, 1))).start()) {
            JsonNode a = shopify.product(shopify.productIds().get(0)).orElseThrow();
            JsonNode b = shopify.product(shopify.productIds().get(1)).orElseThrow();
            ObjectNode batch = GraphqlBatchDocument.combine("SyncHubProductBatch", List.of(
                    productOut(a, "Alpha", a.get("variants").get(0).get("admin_graphql_api_id").asText(), "10.50"),
                    productOut(b, "Beta", "gid://shopify/ProductVariant/1", "20.50")));

            assertThat(batch.get("query").asText())
                    .startsWith("mutation SyncHubProductBatch($p0_product: ProductUpdateInput!, $p0_productId: ID!, ")
                    .contains("p0_productUpdate: productUpdate(product: $p0_product)")
                    .contains("p1_productVariantsBulkUpdate: productVariantsBulkUpdate(productId: $p1_productId, variants: $p1_variants)");
            assertThat(batch.get("variables").get("p1_product").get("title").asText()).isEqualTo("Beta");

            Http.Reply reply = Http.send("POST", shopify.baseUrl() + "/admin/api/2026-04/graphql.json", CanonicalJson.write(batch),
                    "Content-Type", "application/json", "X-Shopify-Access-Token", shopify.config().accessToken());
            JsonNode data = reply.json().get("data");

            ObjectNode first = GraphqlBatchDocument.resultsOf(data, 0);
            ObjectNode second = GraphqlBatchDocument.resultsOf(data, 1);
            assertThat(first.fieldNames()).toIterable().containsExactlyInAnyOrder("productUpdate", "productVariantsBulkUpdate");
            assertThat(first.get("productVariantsBulkUpdate").get("userErrors")).isEmpty();
            assertThat(second.get("productVariantsBulkUpdate").get("userErrors").get(0).get("code").asText())
                    .isEqualTo("PRODUCT_VARIANT_DOES_NOT_EXIST");
            assertThat(GraphqlBatchDocument.resultsOf(data, 2)).isEmpty();
            JsonNode alpha = shopify.product(a.get("id").asLong()).orElseThrow();
            assertThat(alpha.get("title").asText()).isEqualTo("Alpha");
            assertThat(alpha.get("variants").get(0).get("price").asText()).isEqualTo("10.50");
            assertThat(reply.json().get("extensions").get("cost").get("requestedQueryCost").asInt()).isEqualTo(40);
        }
    }

    @Test
    void anAliasOfItsOwnADirectiveAndAStringLiteralKeepTheirMeaning() {
        ObjectNode doc = CanonicalJson.object().put("query", "mutation S($input: InventorySetQuantitiesInput!, $key: String!) { "
                + "stock: inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { field message } } "
                + "note: productUpdate(product: {descriptionHtml: \"a } b: c { $d\"}) { userErrors { field } } }");
        doc.putObject("variables").put("key", "k-1");

        ObjectNode batch = GraphqlBatchDocument.combine("B", List.of(doc, doc));

        String q = batch.get("query").asText();
        assertThat(q).contains("p0_stock: inventorySetQuantities(input: $p0_input) @idempotent(key: $p0_key)")
                .contains("p1_stock: inventorySetQuantities(input: $p1_input) @idempotent(key: $p1_key)")
                .contains("p1_note: productUpdate(product: {descriptionHtml: \"a } b: c { $d\"})")
                .startsWith("mutation B($p0_input: InventorySetQuantitiesInput!, $p0_key: String!, $p1_input: ");
        assertThat(batch.get("variables").get("p1_key").asText()).isEqualTo("k-1");
    }

    @Test
    void aQueryOrAFragmentCannotJoinABatch() {
        ObjectNode query = CanonicalJson.object().put("query", "query { shop { name } }");
        assertThatThrownBy(() -> GraphqlBatchDocument.combine("B", List.of(query))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a mutation");
        ObjectNode fragment = CanonicalJson.object().put("query", "mutation { ...F }");
        assertThatThrownBy(() -> GraphqlBatchDocument.combine("B", List.of(fragment))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fragment");
    }
}
