package io.synchub.inbound;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import io.synchub.support.ShopifyPayloads;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One drain batch cut into runs: product deliveries in a row are applied as one run (their products looked up and
 * locked together), a delivery of another flow between them is dispatched alone in its place, a product updated twice
 * in one run ends at its later update, and a delivery whose key was already processed is marked a duplicate and
 * changes nothing. Queued while the drain is stopped, so all of it lands in one batch, about products the hub already
 * holds (the run reads and locks them before its first write).
 */
class DeliveryRunTest extends HubTestSupport {

    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;

    @Test
    void aBatchIsAppliedRunByRunInInboxOrder() throws Exception {
        // two products the hub knows before the batch: their run reads and locks them up front
        send("run-1", product(1, "10.01"));
        send("run-2", product(2, "20.01"));
        HubClient.await(Duration.ofSeconds(30), "both products stored", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE sku LIKE 'RUN-%'", Long.class) == 2);
        camel.getRouteController().stopRoute("drain-inbox");
        double processedBefore = processed();
        long runsBefore = exchanges("inbound-shopify-products-run");
        long oneByOneBefore = exchanges("inbound-shopify-products");
        // another flow between product deliveries: the delete of a product the hub never heard of changes nothing
        assertThat(hub.shopifyWebhook("products/delete", "run-3", "{\"id\":930000000000000099}".getBytes(StandardCharsets.UTF_8),
                SECRET).status()).isEqualTo(200);
        send("run-4", product(1, "10.02"));
        send("run-5", product(1, "10.03"));
        send("run-6", product(2, "99.99"));
        // run-6 was processed before (say by another instance, before a restore): its key is already stored
        String duplicateKey = jdbc.queryForObject("SELECT delivery_key FROM inbox WHERE id = (SELECT MAX(id) FROM inbox)", String.class);
        jdbc.update("INSERT INTO camel_messageprocessed (processorname, messageid, createdat) VALUES ('webhook-deliveries', ?, ?)",
                duplicateKey, new Timestamp(System.currentTimeMillis()));

        camel.getRouteController().startRoute("drain-inbox");
        HubClient.await(Duration.ofSeconds(30), "inbox drained", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'", Long.class) == 0);

        assertThat(price("RUN-1")).as("the later of two updates in one run wins").isEqualByComparingTo("10.03");
        assertThat(price("RUN-2")).as("the duplicate changed nothing").isEqualByComparingTo("20.01");
        assertThat(jdbc.queryForObject("SELECT last_error FROM inbox WHERE delivery_key = ?", String.class, duplicateKey))
                .isEqualTo("duplicate delivery: already processed");
        Long run1 = jdbc.queryForObject("SELECT id FROM products WHERE sku = 'RUN-1'", Long.class);
        List<String> log = jdbc.queryForList("SELECT action || ' ' || COALESCE(old_values, '') || ' -> ' || COALESCE(new_values, '') FROM sync_log WHERE product_id = ? "
                + "AND action IN ('created', 'updated') ORDER BY id", String.class, run1);
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).startsWith("created").contains("10.01");
        assertThat(log.get(1)).startsWith("updated").contains("10.02");
        assertThat(log.get(2)).as("the second update of the run merged onto the first one's result")
                .startsWith("updated").matches("(?s)updated .*10\\.02.* -> .*10\\.03.*");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products WHERE sku LIKE 'RUN-%'", Long.class)).isEqualTo(2);
        assertThat(exchanges("inbound-shopify-products-run") - runsBefore).as("product deliveries went as runs").isPositive();
        assertThat(exchanges("inbound-shopify-products") - oneByOneBefore).as("and none one by one").isZero();
        HubClient.await(Duration.ofSeconds(10), "the four deliveries of the batch counted as processed, the duplicate among them",
                () -> processed() - processedBefore == 4);
    }

    private void send(String eventId, byte[] body) {
        assertThat(hub.shopifyWebhook("products/update", eventId, body, SECRET).status()).isEqualTo(200);
    }

    private BigDecimal price(String sku) {
        return hub.get("/api/v1/products?q=" + sku + "&limit=5").json().get("items").get(0).get("netSalesPrice").decimalValue();
    }

    /** What the operations dashboard plots as deliveries processed. */
    private double processed() {
        return meters.get("synchub_inbox_processed").counter().count();
    }

    /** Exchanges a route completed, by the route policy's timer (the hub's route metrics). */
    private long exchanges(String routeId) {
        return meters.getMeters().stream()
                .filter(m -> m instanceof Timer && routeId.equals(m.getId().getTag("routeId")))
                .mapToLong(m -> ((Timer) m).count()).max().orElse(0);
    }

    private static byte[] product(int n, String price) {
        return ShopifyPayloads.productWithOneVariant(930000000000000000L + n, "Run Shirt " + n, "RUN-" + n, price);
    }
}
