package io.synchub.inbound;

import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import io.synchub.support.ShopifyPayloads;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inbox drains in two lanes at once, and still applies one product's deliveries in the order they arrived: six
 * successive price updates of each of 40 products, all with the same {@code updated_at} (so nothing but the order
 * decides which price is last), queued while the drain is stopped, then drained; every product ends at its sixth
 * price. Were deliveries spread over the lanes regardless of their product, a product's updates would be applied by
 * two threads at once and some would end at an earlier price.
 */
@org.springframework.test.context.TestPropertySource(properties = "synchub.inbox.drain-lanes=2")
class DrainLanesTest extends HubTestSupport {

    private static final int PRODUCTS = 40;
    private static final int UPDATES = 6;

    @Autowired
    CamelContext camel;

    @Test
    void bothLanesDrainAndEachProductsUpdatesApplyInArrivalOrder() throws Exception {
        camel.getRouteController().stopRoute("drain-inbox");
        int event = 0;
        for (int round = 1; round <= UPDATES; round++) {
            for (int p = 0; p < PRODUCTS; p++) {
                byte[] body = product(p, price(round));
                assertThat(hub.shopifyWebhook("products/update", "lane-" + (event++), body, SECRET).status()).isEqualTo(200);
            }
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(DISTINCT MOD(lane, 2)) FROM inbox", Integer.class))
                .as("the products' deliveries are spread over both lanes").isEqualTo(2);
        // sent round by round: the i-th delivery is about product i % PRODUCTS
        java.util.List<Integer> lanes = jdbc.queryForList("SELECT lane FROM inbox ORDER BY id", Integer.class);
        assertThat(lanes).hasSize(PRODUCTS * UPDATES);
        for (int p = 0; p < PRODUCTS; p++) {
            java.util.Set<Integer> ofProduct = new java.util.HashSet<>();
            for (int i = p; i < lanes.size(); i += PRODUCTS) {
                ofProduct.add(lanes.get(i));
            }
            assertThat(ofProduct).as("every delivery of product " + p + " is in one lane").hasSize(1);
        }

        camel.getRouteController().startRoute("drain-inbox");
        HubClient.await(Duration.ofSeconds(60), "inbox drained", () ->
                jdbc.queryForObject("SELECT COUNT(*) FROM inbox WHERE status <> 'DONE'", Long.class) == 0);

        Map<String, BigDecimal> prices = new HashMap<>();
        for (var item : hub.get("/api/v1/products?q=LANE-&limit=100").json().get("items")) {
            prices.put(item.get("sku").asText(), item.get("netSalesPrice").decimalValue());
        }
        assertThat(prices).hasSize(PRODUCTS);
        for (int p = 0; p < PRODUCTS; p++) {
            assertThat(prices.get("LANE-" + p)).as("LANE-" + p + " ends at its last update's price")
                    .isEqualByComparingTo(price(UPDATES));
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM products", Long.class)).isEqualTo(PRODUCTS);
    }

    private static String price(int round) {
        return "10." + String.format("%02d", round);
    }

    private static byte[] product(int n, String price) {
        return ShopifyPayloads.productWithOneVariant(900000000000000000L + n, "Lane Shirt " + n, "LANE-" + n, price);
    }
}
