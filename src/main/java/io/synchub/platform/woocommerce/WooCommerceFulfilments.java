package io.synchub.platform.woocommerce;

import io.synchub.orders.OrderStore;
import io.synchub.orders.StoredOrder;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushSkipped;
import io.synchub.platform.PlatformDeclaration;
import io.synchub.platform.PlatformRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** A shipped order told to WooCommerce (push-woocommerce-fulfilments): {@code PUT /orders/{id}} with status completed. */
@Component("wooCommerceFulfilments")
public class WooCommerceFulfilments {

    private final OrderStore orders;
    private final PlatformRegistry platforms;

    public WooCommerceFulfilments(OrderStore orders, PlatformRegistry platforms) {
        this.orders = orders;
        this.platforms = platforms;
    }

    /** The order's URL ({@code <base>/wp-json/wc/v3/orders/{id}}), for the route's pushUrl. */
    public String orderUrl(Exchange exchange) {
        PlatformDeclaration woo = platforms.get("woocommerce");
        return woo.baseUrl() + woo.setting("apiPath") + "/orders/" + order(exchange).externalId();
    }

    /** The body that completes the order. */
    public String completed(Exchange exchange) {
        order(exchange);
        return "{\"status\":\"completed\"}";
    }

    private StoredOrder order(Exchange exchange) {
        long orderId = Long.parseLong(job(exchange).entityId());
        return orders.find(orderId).orElseThrow(() -> new PushSkipped("order " + orderId + " was deleted in the hub; nothing to report"));
    }

    private static OutboxJob job(Exchange exchange) {
        return exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
    }
}
