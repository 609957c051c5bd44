package io.synchub.inbox;

import io.synchub.inbox.Inbox.ClaimedDelivery;
import io.synchub.platform.PlatformRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a claimed batch is cut into runs (the repository's own platform declarations). */
class DeliveryRunsTest {

    private final DeliveryRuns runs = new DeliveryRuns(new PlatformRegistry("mappings", new MockEnvironment()));
    private long id;

    private ClaimedDelivery delivery(String platform, String topic) {
        id++;
        return new ClaimedDelivery(id, platform, "client", topic, "key-" + id, "{}", "{\"id\":" + id + "}");
    }

    @Test
    void consecutiveDeliveriesOfOneRunFlowBecomeOneRunAndEveryOtherDeliveryStaysAloneInItsPlace() {
        ClaimedDelivery p1 = delivery("SHOPIFY", "products/update");
        ClaimedDelivery p2 = delivery("SHOPIFY", "products/create");
        ClaimedDelivery order = delivery("SHOPIFY", "orders/create");
        ClaimedDelivery p3 = delivery("SHOPIFY", "products/update");
        ClaimedDelivery woo1 = delivery("WOOCOMMERCE", "product.updated");
        ClaimedDelivery woo2 = delivery("WOOCOMMERCE", "product.created");
        ClaimedDelivery p4 = delivery("SHOPIFY", "products/update");
        ClaimedDelivery unknown = delivery("SHOPIFY", "carts/update");
        ClaimedDelivery delete = delivery("SHOPIFY", "products/delete");

        List<DeliveryRun> cut = runs.of(List.of(p1, p2, order, p3, woo1, woo2, p4, unknown, delete));

        assertThat(cut).containsExactly(
                new DeliveryRun("shopify-products", true, List.of(p1, p2)),
                new DeliveryRun("shopify-orders", false, List.of(order)),
                new DeliveryRun("shopify-products", true, List.of(p3)),
                new DeliveryRun("woocommerce-products", true, List.of(woo1, woo2)),
                new DeliveryRun("shopify-products", true, List.of(p4)),
                new DeliveryRun(null, false, List.of(unknown)),
                new DeliveryRun("shopify-product-deletes", false, List.of(delete)));
        assertThat(cut.stream().flatMap(r -> r.deliveries().stream()).toList())
                .as("every delivery once, in the batch's order").containsExactly(p1, p2, order, p3, woo1, woo2, p4, unknown, delete);
        assertThat(cut.get(0).bodies()).containsExactly(p1.body(), p2.body());
    }

    @Test
    void twoNonRunDeliveriesInARowStayTwoRunsOfOneAndAnEmptyBatchHasNoRuns() {
        ClaimedDelivery o1 = delivery("SHOPIFY", "orders/create");
        ClaimedDelivery o2 = delivery("SHOPIFY", "orders/updated");
        assertThat(runs.of(List.of(o1, o2))).extracting(DeliveryRun::deliveries).containsExactly(List.of(o1), List.of(o2));
        assertThat(runs.of(List.of())).isEmpty();
    }
}
