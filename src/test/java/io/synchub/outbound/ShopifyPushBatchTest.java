package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.sql.Timestamp;
import java.time.Instant;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A burst of product updates and stock levels to Shopify goes as one GraphQL document (each job's mutations under its
 * own aliases), and each job's part of the answer settles it on its own.
 */
class ShopifyPushBatchTest extends OutboundTestSupport {

    @Autowired
    CamelContext camel;

    private static String ok(int k, long productId) {
        return "\"p" + k + "_productUpdate\":{\"product\":{\"id\":\"gid://shopify/Product/" + productId + "\",\"updatedAt\":\"2026-12-01T10:00:0"
                + k + "Z\"},\"userErrors\":[]},\"p" + k + "_productVariantsBulkUpdate\":{\"productVariants\":[],\"userErrors\":[]}";
    }

    @Test
    void aBurstGoesAsOneDocumentAndAProductsUserErrorsFailOnlyItsJob() throws Exception {
        long a = seedProduct("A", "{\"sku\":\"A\",\"name\":\"A\",\"netSalesPrice\":1}", "SHOPIFY:9001:9101:9201");
        long b = seedProduct("B", "{\"sku\":\"B\",\"name\":\"B\",\"netSalesPrice\":1}", "SHOPIFY:9002:9102:9202");
        long c = seedProduct("C", "{\"sku\":\"C\",\"name\":\"C\",\"netSalesPrice\":1}", "SHOPIFY:9003:9103:9203");
        String answer = "{\"data\":{" + ok(0, 9001) + ",\"p1_productUpdate\":{\"product\":null,\"userErrors\":[]},"
                + "\"p1_productVariantsBulkUpdate\":{\"productVariants\":[],\"userErrors\":[{\"field\":[\"variants\",\"0\",\"price\"],"
                + "\"message\":\"Price must be greater than or equal to 0\",\"code\":\"GREATER_THAN_OR_EQUAL_TO\"}]}," + ok(2, 9003) + "},"
                + "\"extensions\":{\"cost\":{\"requestedQueryCost\":60,\"actualQueryCost\":60,\"throttleStatus\":"
                + "{\"maximumAvailable\":1000.0,\"currentlyAvailable\":940,\"restoreRate\":100.0}}}}";
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).willReturn(okJson(answer)));

        camel.getRouteController().suspendRoute("dispatch-outbox-shopify");
        try {
            for (long id : new long[]{a, b, c}) {
                assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 5}").status()).isEqualTo(200);
            }
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-shopify");
        }
        awaitNoOpenJobs();

        assertThat(SHOPIFY.findAll(postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL)))).as("one request for the three products").hasSize(1);
        JsonNode sent = CanonicalJson.parse(SHOPIFY.findAll(postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL))).get(0).getBodyAsString());
        String query = sent.get("query").asText();
        assertThat(query).contains("p0_productUpdate: productUpdate(product: $p0_product)")
                .contains("p2_productVariantsBulkUpdate: productVariantsBulkUpdate(productId: $p2_productId, variants: $p2_variants)");
        JsonNode vars = sent.get("variables");
        assertThat(vars.get("p0_productId").asText()).isEqualTo("gid://shopify/Product/9001");
        assertThat(vars.get("p1_variants").get(0).get("id").asText()).isEqualTo("gid://shopify/ProductVariant/9102");
        assertThat(vars.get("p2_variants").get(0).get("price").asText()).isEqualTo("5");

        assertThat(hub.get("/api/v1/products/" + a).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        assertThat(hub.get("/api/v1/products/" + c).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        assertThat(hub.get("/api/v1/products/" + b).json().get("syncStatus").asText()).isEqualTo("ERROR");
        JsonNode dl = hub.get("/api/v1/dead-letters").json().get("items").get(0);
        assertThat(dl.get("entityId").asText()).isEqualTo(String.valueOf(b));
        assertThat(dl.get("reason").asText()).contains("Price must be greater than or equal to 0");
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'SHOPIFY'")).as("the accepted products' echoes").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'SHOPIFY' AND external_id = '9102'")).isZero();
    }

    @Test
    void aThrottledBurstIsTriedAgainAfterTheRefillAndThenSettles() throws Exception {
        long a = seedProduct("A", "{\"sku\":\"A\",\"name\":\"A\",\"netSalesPrice\":1}", "SHOPIFY:9001:9101:9201");
        long b = seedProduct("B", "{\"sku\":\"B\",\"name\":\"B\",\"netSalesPrice\":1}", "SHOPIFY:9002:9102:9202");
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).inScenario("throttle").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(okJson("{\"errors\":[{\"message\":\"Throttled\",\"extensions\":{\"code\":\"THROTTLED\"}}],"
                        + "\"extensions\":{\"cost\":{\"requestedQueryCost\":40,\"throttleStatus\":{\"maximumAvailable\":1000.0,"
                        + "\"currentlyAvailable\":30,\"restoreRate\":100.0}}}}")).willSetStateTo("refilled"));
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).inScenario("throttle").whenScenarioStateIs("refilled")
                .willReturn(okJson("{\"data\":{" + ok(0, 9001) + "," + ok(1, 9002) + "}}")));

        camel.getRouteController().suspendRoute("dispatch-outbox-shopify");
        try {
            for (long id : new long[]{a, b}) {
                assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 7}").status()).isEqualTo(200);
            }
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-shopify");
        }
        awaitNoOpenJobs();

        var requests = SHOPIFY.findAll(postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL)));
        assertThat(requests).as("the throttled document, then the same two products again in one").hasSize(2);
        assertThat(requests.get(1).getBodyAsString()).contains("p1_productUpdate");
        for (long id : new long[]{a, b}) {
            assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        }
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE target = 'SHOPIFY' AND status = 'completed' AND error_class IS NULL "
                + "AND attempts = 2")).as("each job's second attempt succeeded").isEqualTo(2);
    }

    @Test
    void stockLevelsJoinTheDocumentEachWithItsOwnIdempotencyKeyAndAStaleCompareIsRetriedAlone() throws Exception {
        long a = seedProduct("A", "{\"sku\":\"A\",\"name\":\"A\",\"netSalesPrice\":3}", "SHOPIFY:9001:9101:9201");
        long b = seedProduct("B", "{\"sku\":\"B\",\"name\":\"B\",\"available\":7}", "SHOPIFY:9002:9102:9202");
        long c = seedProduct("C", "{\"sku\":\"C\",\"name\":\"C\",\"available\":9}", "SHOPIFY:9003:9103:9203");
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(containing("p0_")).willReturn(okJson("{\"data\":{" + ok(0, 9001)
                + ",\"p1_inventorySetQuantities\":{\"inventoryAdjustmentGroup\":{\"id\":\"gid://shopify/InventoryAdjustmentGroup/1\"},\"userErrors\":[]},"
                + "\"p2_inventorySetQuantities\":{\"inventoryAdjustmentGroup\":null,\"userErrors\":[{\"field\":[\"input\",\"quantities\",\"0\","
                + "\"compareQuantity\"],\"message\":\"The compareQuantity argument no longer matches the persisted quantity.\","
                + "\"code\":\"COMPARE_QUANTITY_STALE\"}]}}}")));
        SHOPIFY.stubFor(post(urlEqualTo(SHOPIFY_GRAPHQL)).withRequestBody(notContaining("p0_"))
                .willReturn(okJson("{\"data\":{\"inventorySetQuantities\":{\"userErrors\":[]}}}")));

        camel.getRouteController().suspendRoute("dispatch-outbox-shopify");
        try {
            Timestamp now = Timestamp.from(Instant.now());
            String insert = "INSERT INTO outbox (entity_type, entity_id, client_id, target, operation, priority, trigger_origin, "
                    + "changed_fields, status, attempts, next_attempt_at, idempotency_key, created_at, updated_at) VALUES ('product', ?, "
                    + "'default', 'SHOPIFY', ?, 1, 'JTL', ?, 'pending', 0, ?, ?, ?, ?)";
            jdbc.update(insert, String.valueOf(a), "update", "netSalesPrice", now, "key-a", now, now);
            jdbc.update(insert, String.valueOf(b), "stock_update", "available", now, "key-b", now, now);
            jdbc.update(insert, String.valueOf(c), "stock_update", "available", now, "key-c", now, now);
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-shopify");
        }
        awaitNoOpenJobs();

        var requests = SHOPIFY.findAll(postRequestedFor(urlEqualTo(SHOPIFY_GRAPHQL)));
        assertThat(requests).as("the three jobs in one document, then the stale one alone").hasSize(2);
        JsonNode batch = CanonicalJson.parse(requests.get(0).getBodyAsString());
        assertThat(batch.get("query").asText())
                .contains("p0_productUpdate: productUpdate(product: $p0_product)")
                .contains("p1_inventorySetQuantities: inventorySetQuantities(input: $p1_input) @idempotent(key: $p1_key)")
                .contains("p2_inventorySetQuantities: inventorySetQuantities(input: $p2_input) @idempotent(key: $p2_key)");
        assertThat(batch.at("/variables/p1_key").asText()).isEqualTo("key-b");
        assertThat(batch.at("/variables/p1_input/quantities/0/quantity").asLong()).isEqualTo(7);
        assertThat(batch.at("/variables/p2_input/quantities/0/inventoryItemId").asText()).isEqualTo("gid://shopify/InventoryItem/9203");
        JsonNode retry = CanonicalJson.parse(requests.get(1).getBodyAsString()).get("variables");
        assertThat(retry.at("/input/quantities/0/quantity").asLong()).isEqualTo(9);
        assertThat(retry.at("/input/ignoreCompareQuantity").asBoolean()).as("after a stale compare the level is set").isTrue();
        assertThat(retry.get("key").asText()).as("a new write, a new idempotency key").isNotEqualTo("key-c");
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE status = 'completed'")).isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM outbox WHERE entity_id = ? AND attempts = 2", String.valueOf(c))).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM dead_letters")).isZero();
    }
}
