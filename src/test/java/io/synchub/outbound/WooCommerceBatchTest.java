package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import io.synchub.support.HubClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** A burst to WooCommerce goes through /products/batch, and each item's answer settles its own job. */
class WooCommerceBatchTest extends OutboundTestSupport {

    @Autowired
    CamelContext camel;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aBurstGoesAsOneBatchAndPerItemErrorsFailOnlyTheirJob() throws Exception {
        long a = seedProduct("A", "{\"sku\":\"A\",\"name\":\"A\",\"netSalesPrice\":1}", "WOOCOMMERCE:101:101");
        long b = seedProduct("B", "{\"sku\":\"B\",\"name\":\"B\",\"netSalesPrice\":1}", "WOOCOMMERCE:102:102");
        long c = seedProduct("C", "{\"sku\":\"C\",\"name\":\"C\",\"netSalesPrice\":1}", "WOOCOMMERCE:103:103");
        long v = seedProduct("V", "{\"sku\":\"V\",\"name\":\"V\",\"netSalesPrice\":1}", "WOOCOMMERCE:200:201");
        WOO.stubFor(post(urlEqualTo("/wp-json/wc/v3/products/batch")).willReturn(okJson("{\"update\":[{\"id\":101,\"regular_price\":\"5\"},"
                + "{\"id\":102,\"error\":{\"code\":\"woocommerce_rest_invalid_product_id\",\"message\":\"Invalid ID.\",\"data\":{\"status\":400}}},"
                + "{\"id\":103,\"regular_price\":\"5\"}]}")));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/200/variations/201")).willReturn(okJson("{\"id\":201}")));

        camel.getRouteController().suspendRoute("dispatch-outbox-woocommerce");
        try {
            for (long id : new long[]{a, b, c, v}) {
                hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 5}");
            }
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
        }
        awaitNoOpenJobs();

        JsonNode batch = onlyRequestTo("/wp-json/wc/v3/products/batch", "one batch request");
        assertThat(batch.get("update").findValuesAsText("id")).containsExactlyInAnyOrder("101", "102", "103");
        assertThat(batch.get("update").get(0).get("regular_price").asText()).isEqualTo("5");
        assertThat(WOO.findAll(putRequestedFor(urlEqualTo("/wp-json/wc/v3/products/200/variations/201")))).as("variations go singly").hasSize(1);

        assertThat(hub.get("/api/v1/products/" + a).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        assertThat(hub.get("/api/v1/products/" + c).json().get("syncStatus").asText()).isEqualTo("SYNCED");
        assertThat(hub.get("/api/v1/products/" + b).json().get("syncStatus").asText()).isEqualTo("ERROR");
        JsonNode dl = hub.get("/api/v1/dead-letters").json().get("items").get(0);
        assertThat(dl.get("entityId").asText()).isEqualTo(String.valueOf(b));
        assertThat(dl.get("reason").asText()).contains("Invalid ID.");
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'WOOCOMMERCE'")).isEqualTo(3);
    }

    /**
     * The accepted items of a batch are completed in one transaction that never waits on a product row: while a change
     * holds one product (as the drain does while it stores), the others complete, and the held one completes on its
     * own once the change commits.
     */
    @Test
    void aBatchCompletesWithoutWaitingForAProductAChangeHolds() throws Exception {
        long a = seedProduct("A", "{\"sku\":\"A\",\"name\":\"A\",\"netSalesPrice\":1}", "WOOCOMMERCE:101:101");
        long b = seedProduct("B", "{\"sku\":\"B\",\"name\":\"B\",\"netSalesPrice\":1}", "WOOCOMMERCE:102:102");
        long c = seedProduct("C", "{\"sku\":\"C\",\"name\":\"C\",\"netSalesPrice\":1}", "WOOCOMMERCE:103:103");
        WOO.stubFor(post(urlEqualTo("/wp-json/wc/v3/products/batch")).willReturn(okJson("{\"update\":[{\"id\":101},{\"id\":102},{\"id\":103}]}")));

        camel.getRouteController().suspendRoute("dispatch-outbox-woocommerce");
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService change = Executors.newSingleThreadExecutor();
        try {
            for (long id : new long[]{a, b, c}) {
                hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 5}");
            }
            Future<?> holding = change.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(s -> {
                jdbc.queryForList("SELECT id FROM products WHERE id = ? FOR UPDATE", Long.class, a);
                held.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");

            HubClient.await(Duration.ofSeconds(20), "the jobs of the products no one holds completed", () ->
                    count("SELECT COUNT(*) FROM outbox WHERE target = 'WOOCOMMERCE' AND status = 'completed' AND entity_id IN (?, ?)",
                            String.valueOf(b), String.valueOf(c)) == 2);
            assertThat(count("SELECT COUNT(*) FROM outbox WHERE target = 'WOOCOMMERCE' AND status = 'completed' AND entity_id = ?",
                    String.valueOf(a))).as("the held product's job waits for the change").isZero();
            release.countDown();
            holding.get(10, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            change.shutdownNow();
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
        }
        awaitNoOpenJobs();

        assertThat(WOO.findAll(postRequestedFor(urlEqualTo("/wp-json/wc/v3/products/batch")))).hasSize(1);
        for (long id : new long[]{a, b, c}) {
            assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).as("product " + id).isEqualTo("SYNCED");
        }
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'WOOCOMMERCE'")).as("each push in the echo ledger").isEqualTo(3);
        assertThat(count("SELECT COUNT(*) FROM echo_pushes WHERE platform = 'WOOCOMMERCE'")).isEqualTo(3);
    }

    /**
     * The variations of one variable product that are due together go as one POST /products/{parent}/variations/batch
     * (before, one PUT each); a rejected variation fails only its job; a lone variation of another parent keeps its
     * single PUT, and the simple products their own /products/batch.
     */
    @Test
    void theDueVariationsOfOneProductGoAsOneVariationsBatch() throws Exception {
        long s1 = seedProduct("S1", "{\"sku\":\"S1\",\"name\":\"S1\",\"netSalesPrice\":1}", "WOOCOMMERCE:101:101");
        long s2 = seedProduct("S2", "{\"sku\":\"S2\",\"name\":\"S2\",\"netSalesPrice\":1}", "WOOCOMMERCE:102:102");
        long v1 = seedProduct("V1", "{\"sku\":\"V1\",\"name\":\"V1\",\"netSalesPrice\":1}", "WOOCOMMERCE:200:201");
        long v2 = seedProduct("V2", "{\"sku\":\"V2\",\"name\":\"V2\",\"netSalesPrice\":1}", "WOOCOMMERCE:200:202");
        long v3 = seedProduct("V3", "{\"sku\":\"V3\",\"name\":\"V3\",\"netSalesPrice\":1}", "WOOCOMMERCE:200:203");
        long lone = seedProduct("L1", "{\"sku\":\"L1\",\"name\":\"L1\",\"netSalesPrice\":1}", "WOOCOMMERCE:300:301");
        WOO.stubFor(post(urlEqualTo("/wp-json/wc/v3/products/batch")).willReturn(okJson("{\"update\":[{\"id\":101},{\"id\":102}]}")));
        WOO.stubFor(post(urlEqualTo("/wp-json/wc/v3/products/200/variations/batch")).willReturn(okJson("{\"update\":[{\"id\":201},{\"id\":202},"
                + "{\"id\":203,\"error\":{\"code\":\"woocommerce_rest_product_variation_invalid_id\",\"message\":\"Invalid ID.\",\"data\":{\"status\":400}}}]}")));
        WOO.stubFor(put(urlEqualTo("/wp-json/wc/v3/products/300/variations/301")).willReturn(okJson("{\"id\":301}")));

        camel.getRouteController().suspendRoute("dispatch-outbox-woocommerce");
        try {
            for (long id : new long[]{s1, v1, s2, v2, lone, v3}) {
                hub.patch("/api/v1/products/" + id, "{\"netSalesPrice\": 5}");
            }
        } finally {
            camel.getRouteController().resumeRoute("dispatch-outbox-woocommerce");
        }
        awaitNoOpenJobs();

        JsonNode products = onlyRequestTo("/wp-json/wc/v3/products/batch", "one batch request");
        assertThat(products.get("update").findValuesAsText("id")).containsExactlyInAnyOrder("101", "102");
        JsonNode variations = onlyRequestTo("/wp-json/wc/v3/products/200/variations/batch", "one request for parent 200");
        assertThat(variations.get("update").findValuesAsText("id")).containsExactly("201", "202", "203");
        assertThat(variations.get("update").get(0).get("regular_price").asText()).isEqualTo("5");
        assertThat(WOO.findAll(putRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlMatching("/wp-json/wc/v3/products/200/variations/.*"))))
                .as("no single PUT for a variation that went in the batch").isEmpty();
        assertThat(WOO.findAll(putRequestedFor(urlEqualTo("/wp-json/wc/v3/products/300/variations/301")))).as("a lone variation goes singly").hasSize(1);

        for (long id : new long[]{s1, s2, v1, v2, lone}) {
            assertThat(hub.get("/api/v1/products/" + id).json().get("syncStatus").asText()).as("product " + id).isEqualTo("SYNCED");
        }
        assertThat(hub.get("/api/v1/products/" + v3).json().get("syncStatus").asText()).isEqualTo("ERROR");
        JsonNode dl = hub.get("/api/v1/dead-letters").json().get("items").get(0);
        assertThat(dl.get("entityId").asText()).isEqualTo(String.valueOf(v3));
        assertThat(dl.get("reason").asText()).contains("variation 203").contains("Invalid ID.");
        assertThat(count("SELECT COUNT(*) FROM echo_ledger WHERE platform = 'WOOCOMMERCE'")).as("each accepted push in the echo ledger").isEqualTo(5);
    }

    /** The body of the one POST WooCommerce received at {@code url}. */
    private static JsonNode onlyRequestTo(String url, String description) {
        var posted = WOO.findAll(postRequestedFor(urlEqualTo(url)));
        assertThat(posted).as(description).hasSize(1);
        return CanonicalJson.parse(posted.get(0).getBodyAsString());
    }
}
