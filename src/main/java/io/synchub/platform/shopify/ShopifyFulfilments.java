package io.synchub.platform.shopify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.OrderStore;
import io.synchub.orders.StoredOrder;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushRejected;
import io.synchub.outbox.PushSkipped;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * A shipped order told to Shopify (push-shopify-fulfilments): the order's open fulfillment orders, then
 * {@code fulfillmentCreate} for all of them. A retry after Shopify already fulfilled the order finds no open
 * fulfillment order and is skipped.
 */
@Component("shopifyFulfilments")
public class ShopifyFulfilments {

    static final String FULFILLMENT_ORDERS_QUERY = "query($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 50) "
            + "{ nodes { id status } } } }";
    static final String FULFILLMENT_CREATE = "mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) "
            + "{ fulfillment { id status } userErrors { field message } } }";
    private static final List<String> OPEN = List.of("OPEN", "IN_PROGRESS");

    private final OrderStore orders;
    private final boolean notifyCustomer;

    public ShopifyFulfilments(OrderStore orders, @Value("${synchub.fulfilment.notify-customer:true}") boolean notifyCustomer) {
        this.orders = orders;
        this.notifyCustomer = notifyCustomer;
    }

    /** GraphQL request for the order's fulfillment orders (Shopify fulfils through them). */
    public String shopifyFulfillmentOrdersQuery(Exchange exchange) {
        StoredOrder order = order(exchange);
        ObjectNode request = CanonicalJson.object();
        request.put("query", FULFILLMENT_ORDERS_QUERY);
        request.putObject("variables").put("id", "gid://shopify/Order/" + order.externalId());
        return CanonicalJson.write(request);
    }

    /** {@code fulfillmentCreate} for every open fulfillment order of the answered query. */
    public String shopifyFulfillmentCreate(String queryAnswer, Exchange exchange) {
        JsonNode order = CanonicalJson.parse(queryAnswer).path("data").path("order");
        long orderId = Long.parseLong(job(exchange).entityId());
        if (!order.isObject()) {
            throw new PushRejected(ErrorClass.VALIDATION, "Shopify does not know order " + orderId + " (" + order(exchange).externalId()
                    + "): check the shop, then replay this dead letter or resolve it");
        }
        ArrayNode byFulfillmentOrder = CanonicalJson.MAPPER.createArrayNode();
        for (JsonNode fo : order.path("fulfillmentOrders").path("nodes")) {
            if (OPEN.contains(fo.path("status").asText())) {
                byFulfillmentOrder.addObject().put("fulfillmentOrderId", fo.path("id").asText());
            }
        }
        if (byFulfillmentOrder.isEmpty()) {
            throw new PushSkipped("Shopify order of hub order " + orderId + " has no open fulfillment order (already fulfilled or closed)");
        }
        ObjectNode request = CanonicalJson.object();
        request.put("query", FULFILLMENT_CREATE);
        ObjectNode fulfillment = request.putObject("variables").putObject("fulfillment");
        fulfillment.set("lineItemsByFulfillmentOrder", byFulfillmentOrder);
        fulfillment.put("notifyCustomer", notifyCustomer);
        return CanonicalJson.write(request);
    }

    private StoredOrder order(Exchange exchange) {
        long orderId = Long.parseLong(job(exchange).entityId());
        return orders.find(orderId).orElseThrow(() -> new PushSkipped("order " + orderId + " was deleted in the hub; nothing to report"));
    }

    private static OutboxJob job(Exchange exchange) {
        return exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
    }
}
