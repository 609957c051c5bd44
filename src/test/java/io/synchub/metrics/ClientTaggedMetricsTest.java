package io.synchub.metrics;

import io.synchub.orders.OrderTestSupport;
import io.synchub.support.HubClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics an operator reads per client: API requests per calling client (the tenant its key is bound to) and
 * signed webhook deliveries per platform and channel client. Label values are only configured names, so a request
 * that names another tenant adds no series.
 */
class ClientTaggedMetricsTest extends OrderTestSupport {

    private double value(String metric, String... labels) {
        return PrometheusScrape.of(port).value(metric, labels).orElseThrow(
                () -> new AssertionError(metric + " " + String.join(",", labels) + " is not in /actuator/prometheus"));
    }

    private HubClient as(String apiKey) {
        return new HubClient("http://localhost:" + port, apiKey);
    }

    @Test
    void apiRequestsAreCountedPerClientOfTheKey() {
        double a = value("synchub_api_requests_total", "client=\"tenant-a\"");
        double b = value("synchub_api_requests_total", "client=\"tenant-b\"");
        double all = value("synchub_api_requests_total", "client=\"all-tenants\"");
        double refused = value("synchub_api_requests_total", "client=\"unauthenticated\"");

        for (int i = 0; i < 3; i++) {
            assertThat(as(TENANT_A_KEY).get("/api/v1/orders").status()).isEqualTo(200);
        }
        assertThat(hub.get("/api/v1/orders?tenantId=tenant-made-up").status()).isEqualTo(200);
        assertThat(as("not-a-configured-key").get("/api/v1/orders").status()).isEqualTo(401);

        assertThat(value("synchub_api_requests_total", "client=\"tenant-a\"")).isEqualTo(a + 3);
        assertThat(value("synchub_api_requests_total", "client=\"tenant-b\"")).isEqualTo(b);
        assertThat(value("synchub_api_requests_total", "client=\"all-tenants\"")).isEqualTo(all + 1);
        assertThat(value("synchub_api_requests_total", "client=\"unauthenticated\"")).isEqualTo(refused + 1);
        // what a request names never becomes a label value
        assertThat(PrometheusScrape.of(port).text()).doesNotContain("tenant-made-up").doesNotContain("not-a-configured-key");
    }

    @Test
    void webhookDeliveriesAreCountedPerPlatformAndChannelClient() {
        String shopifyAccepted = "platform=\"SHOPIFY\"";
        double accepted = value("synchub_webhook_deliveries_total", shopifyAccepted, "client=\"default\"", "outcome=\"accepted\"");
        double duplicate = value("synchub_webhook_deliveries_total", shopifyAccepted, "client=\"default\"", "outcome=\"duplicate\"");
        double wooAccepted = value("synchub_webhook_deliveries_total", "platform=\"WOOCOMMERCE\"", "client=\"default\"", "outcome=\"accepted\"");

        byte[] product = HubClient.fixture("shopify/products_update.json");
        assertThat(hub.shopifyWebhook("products/update", "evt-client-metrics-1", product, SECRET).status()).isEqualTo(200);
        assertThat(hub.shopifyWebhook("products/update", "evt-client-metrics-1", product, SECRET).status()).isEqualTo(200);
        assertThat(hub.wooWebhook("product.updated", "client-metrics-1", HubClient.fixture("woocommerce/product.updated.json"), SECRET)
                .status()).isEqualTo(200);
        // a delivery no channel's secret verifies is refused and counted for no client
        assertThat(hub.shopifyWebhook("products/update", "evt-client-metrics-2", product, "wrong-secret").status()).isEqualTo(401);

        assertThat(value("synchub_webhook_deliveries_total", shopifyAccepted, "client=\"default\"", "outcome=\"accepted\"")).isEqualTo(accepted + 1);
        assertThat(value("synchub_webhook_deliveries_total", shopifyAccepted, "client=\"default\"", "outcome=\"duplicate\"")).isEqualTo(duplicate + 1);
        assertThat(value("synchub_webhook_deliveries_total", "platform=\"WOOCOMMERCE\"", "client=\"default\"", "outcome=\"accepted\""))
                .isEqualTo(wooAccepted + 1);
    }
}
