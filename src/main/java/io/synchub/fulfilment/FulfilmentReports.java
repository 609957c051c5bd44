package io.synchub.fulfilment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.OrderStore;
import io.synchub.orders.StoredOrder;
import io.synchub.outbox.ErrorClass;
import io.synchub.outbox.Outbox;
import io.synchub.outbox.OutboxJob;
import io.synchub.outbox.PushRejected;
import io.synchub.outbox.PushSkipped;
import io.synchub.outbox.PushTargets;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Set;

/**
 * A shipped order reported back to the shop it came from: planned as an outbox job (order, SHOPIFY|WOOCOMMERCE,
 * report-fulfilment) in the transaction that applies JTL's Shipped, then pushed by push-shopify-fulfilments
 * (GraphQL: the order's open fulfillment orders, then {@code fulfillmentCreate} for all of them) or
 * push-woocommerce-fulfilments ({@code PUT /orders/{id}} with {@code status: completed}). Orders from other
 * sources (API, POS) have no shop to tell. A retry after Shopify already fulfilled the order finds no open
 * fulfillment order and is skipped.
 */
@Component("fulfilmentReports")
public class FulfilmentReports {

    static final String FULFILLMENT_ORDERS_QUERY = "query($id: ID!) { order(id: $id) { id fulfillmentOrders(first: 50) "
            + "{ nodes { id status } } } }";
    static final String FULFILLMENT_CREATE = "mutation($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) "
            + "{ fulfillment { id status } userErrors { field message } } }";
    private static final List<String> OPEN = List.of("OPEN", "IN_PROGRESS");
    private static final Logger LOG = LoggerFactory.getLogger(FulfilmentReports.class);

    private final Outbox outbox;
    private final PushTargets targets;
    private final OrderStore orders;
    private final boolean notifyCustomer;

    public FulfilmentReports(Outbox outbox, PushTargets targets, OrderStore orders,
                             @Value("${synchub.fulfilment.notify-customer:true}") boolean notifyCustomer) {
        this.outbox = outbox;
        this.targets = targets;
        this.orders = orders;
        this.notifyCustomer = notifyCustomer;
    }

    /** In the caller's transaction: the report job for the order's own shop, if it came from one that is configured. */
    public void planShipped(StoredOrder order) {
        String target = order.origin();
        if (!PushTargets.SHOPIFY.equals(target) && !PushTargets.WOOCOMMERCE.equals(target)) {
            LOG.info("order {} from {} shipped: no shop to report it to", order.id(), order.origin());
            return;
        }
        if (!targets.enabled(target) || order.externalId() == null) {
            LOG.warn("order {} shipped but {} is not configured for pushes (or the order has no {} id): not reported", order.id(), target, target);
            return;
        }
        outbox.enqueue(Outbox.ENTITY_ORDER, Long.toString(order.id()), order.clientId(), target, Outbox.OP_REPORT_FULFILMENT,
                FulfilmentPlanner.PRIORITY_ORDER, "JTL", null, Set.of());
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

    /** WooCommerce: the order becomes completed ({@code PUT /wp-json/wc/v3/orders/{id}}). */
    public String wooCompleted(Exchange exchange) {
        StoredOrder order = order(exchange);
        exchange.setProperty("pushUrl", targets.baseUrl(job(exchange).target()) + "/wp-json/wc/v3/orders/" + order.externalId());
        exchange.setProperty("pushMethod", "PUT");
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
