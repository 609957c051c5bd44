package io.synchub.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import io.synchub.canonical.CanonicalJson;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

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

        assertThat(WOO.findAll(postRequestedFor(urlEqualTo("/wp-json/wc/v3/products/batch")))).hasSize(1);
        JsonNode batch = CanonicalJson.parse(WOO.findAll(postRequestedFor(urlEqualTo("/wp-json/wc/v3/products/batch"))).get(0).getBodyAsString());
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
}
