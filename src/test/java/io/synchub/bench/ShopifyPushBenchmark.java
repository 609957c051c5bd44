package io.synchub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.RecordedRequest;
import io.platformsim.shopify.ShopifyConfig;
import io.platformsim.shopify.ShopifySimulator;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A price change of many products pushed to a simulated Shopify (GraphQL cost bucket of 1,000 points, as Shopify
 * answers it), on two plans: Standard (restores 100 points/s) and Plus (1,000 points/s). Each product's push is a
 * productUpdate and a productVariantsBulkUpdate, 10 points each. The limit measured in the same run is the floor the
 * platform sets: the bucket's cost ((products x 20 - 1,000) / restore rate) or the hub's declared request rate
 * (documents of at most 25 products, 2 requests/s), whichever is longer. From the moment the jobs are due until the
 * last one is completed; every product's new price is then checked at the simulator.
 */
@Tag("benchmark")
@QuietBenchHub
class ShopifyPushBenchmark extends HubTestSupport {

    private static final int PORT = freePort();
    private static final ShopifyConfig SHOPIFY = ShopifyConfig.defaults().withPort(PORT);
    private static final int PLUS_PRODUCTS = Integer.getInteger("bench.shopify-push.plus-products", 1000);
    private static final int STANDARD_PRODUCTS = Integer.getInteger("bench.shopify-push.standard-products", 200);
    private static final int COST_PER_PRODUCT = 20;
    private static final int BUCKET = 1000;

    @Autowired
    CamelContext camel;

    @Autowired
    Environment environment;

    @DynamicPropertySource
    static void shopifyOnOnePort(DynamicPropertyRegistry r) {
        r.add("synchub.channels.shopify.base-url", () -> "http://127.0.0.1:" + PORT);
        r.add("synchub.channels.shopify.access-token", SHOPIFY::accessToken);
    }

    @Test
    void aPriceChangeOfManyProductsReachesShopify() throws Exception {
        double requestsPerSecond = Double.parseDouble(environment.getProperty("synchub.shopify.requests-per-second", "2"));
        int perDocument = Integer.parseInt(environment.getProperty("synchub.shopify.push-batch-size", "25"));
        BenchReport report = new BenchReport("shopify-push")
                .setting("shop", "Shopify simulator on loopback, GraphQL bucket " + BUCKET + " points, " + COST_PER_PRODUCT
                        + " points per product (productUpdate + productVariantsBulkUpdate); Standard plan restores 100 points/s, Plus 1,000")
                .setting("hub", "Shopify requests-per-second " + requestsPerSecond + ", at most " + perDocument + " products per document");
        run(report, "Standard", STANDARD_PRODUCTS, 100, requestsPerSecond, perDocument, 1);
        run(report, "Plus", PLUS_PRODUCTS, 1000, requestsPerSecond, perDocument, 2);
        report.write();
    }

    private void run(BenchReport report, String plan, int products, double restore, double requestsPerSecond, int perDocument,
                     long seed) throws Exception {
        io.synchub.support.TestDatabase.clean(jdbc);
        try (ShopifySimulator shopify = new ShopifySimulator(SHOPIFY.withCatalogue(new CatalogueSpec(products, seed, 0.0, 1))
                .withGraphqlLimit(BUCKET, restore)).start()) {
            Map<Long, Long> variantByProduct = seedLinkedProducts(shopify, plan);
            camel.getRouteController().suspendRoute("dispatch-outbox-shopify");
            try {
                for (long id : jdbc.queryForList("SELECT id FROM products WHERE sku LIKE ?", Long.class, plan + "-%")) {
                    assertThat(hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 42.5}").status()).isEqualTo(200);
                }
            } finally {
                long due = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE target = 'SHOPIFY' AND status = 'pending'", Long.class);
                assertThat(due).as("a job per product").isEqualTo(products);
                shopify.requests().clear();
                camel.getRouteController().resumeRoute("dispatch-outbox-shopify");
            }
            long t0 = System.nanoTime();
            HubClient.await(Duration.ofMinutes(10), "every push to Shopify completed", () -> jdbc.queryForObject(
                    "SELECT COUNT(*) FROM outbox WHERE target = 'SHOPIFY' AND status IN ('pending', 'processing')", Long.class) == 0);
            double elapsed = (System.nanoTime() - t0) / 1e9;

            long wrong = variantByProduct.keySet().stream().filter(id -> !shopify.product(id).orElseThrow().get("variants").get(0)
                    .get("price").asText().equals("42.50") && !shopify.product(id).orElseThrow().get("variants").get(0)
                    .get("price").asText().equals("42.5")).count();
            assertThat(wrong).as("products whose price did not reach Shopify").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE target = 'SHOPIFY' AND status <> 'completed'", Long.class))
                    .as("jobs not completed").isZero();
            List<RecordedRequest> requests = shopify.requests().all().stream().filter(r -> r.path().endsWith("/graphql.json")).toList();
            long retried = jdbc.queryForObject("SELECT COUNT(*) FROM outbox WHERE target = 'SHOPIFY' AND attempts > 1", Long.class);
            double costFloor = Math.max(0, products * (double) COST_PER_PRODUCT - BUCKET) / restore;
            double rateFloor = (Math.ceil(products / (double) perDocument) - 1) / requestsPerSecond;
            double floor = Math.max(costFloor, rateFloor);
            report.figure(plan + ": " + products + " products pushed, floor (limit)", floor, "s", null, null)
                    .figure(plan + ": " + products + " products pushed", elapsed, "s", "informational (no target in DESIGN §7)", floor)
                    .note(requests.size() + " GraphQL requests (" + String.format("%.1f", products / (double) requests.size())
                            + " products each); " + retried + " job(s) needed more than one attempt; one product per request at "
                            + requestsPerSecond + " requests/s would take " + String.format("%.0f", products / requestsPerSecond) + " s")
                    .figure(plan + ": products pushed per second", products / elapsed, "products/s", null, null);
            if (floor > 0) {
                report.figure(plan + ": time / floor", 100 * elapsed / floor, "%", null, null);
            }
        }
    }

    /** Hub products linked to the simulator's products (one variant each), under SKUs of the plan's own. */
    private Map<Long, Long> seedLinkedProducts(ShopifySimulator shopify, String plan) {
        Timestamp earlier = Timestamp.from(Instant.now().minus(Duration.ofHours(1)));
        Map<Long, Long> variantByProduct = new HashMap<>();
        List<Object[]> products = new ArrayList<>();
        for (long id : shopify.productIds()) {
            JsonNode variant = shopify.product(id).orElseThrow().get("variants").get(0);
            variantByProduct.put(id, variant.get("id").asLong());
            String sku = plan + "-" + id;
            products.add(new Object[]{sku, "Bench " + sku, "{\"sku\":\"" + sku + "\",\"name\":\"Bench " + sku + "\",\"netSalesPrice\":19.99}",
                    earlier, earlier});
        }
        jdbc.batchUpdate("INSERT INTO products (client_id, sku, name, fields, field_meta, source_clocks, version, sync_status, "
                + "last_updated_by, last_updated_at, created_at) VALUES ('default', ?, ?, ?, '{}', '{}', 1, 'SYNCED', 'NOLIMITS', ?, ?)", products);
        Map<String, Long> ids = new HashMap<>();
        jdbc.query("SELECT id, sku FROM products WHERE sku LIKE ?", rs -> {
            ids.put(rs.getString(2), rs.getLong(1));
        }, plan + "-%");
        List<Object[]> links = new ArrayList<>();
        for (Map.Entry<Long, Long> e : variantByProduct.entrySet()) {
            JsonNode variant = shopify.product(e.getKey()).orElseThrow().get("variants").get(0);
            links.add(new Object[]{ids.get(plan + "-" + e.getKey()), String.valueOf(e.getKey()), String.valueOf(e.getValue()),
                    variant.path("inventory_item_id").asText(null), earlier});
        }
        jdbc.batchUpdate("INSERT INTO product_links (product_id, platform, client_id, external_product_id, external_variant_id, "
                + "inventory_item_id, created_at) VALUES (?, 'SHOPIFY', 'default', ?, ?, ?, ?)", links);
        return variantByProduct;
    }
}
