package io.synchub.platform.jtl;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The push side of an order's outbound in JTL-FFN (route push-jtl-outbounds): the order as the mapping's input,
 * and the answered {@code outboundId} stored on the order ({@code order_outbounds}) together with the FFN's first
 * status. {@code merchantOutboundNumber} is the hub's order id, so a retried create after a lost answer meets the
 * FFN's duplicate check (409) instead of creating a second shipment; the outbound a 409 names is adopted.
 */
@Component("jtlOutbounds")
public class JtlOutbounds {

    private static final Logger LOG = LoggerFactory.getLogger(JtlOutbounds.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OrderStore orders;
    private final String warehouseId;

    public JtlOutbounds(JdbcTemplate jdbc, PlatformTransactionManager txManager, OrderStore orders,
                        @Value("${synchub.fulfilment.jtl-warehouse-id:}") String warehouseId) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.orders = orders;
        this.warehouseId = warehouseId;
    }

    /** The job's order as the input of mappings/jtl/outbound-out.jsonata; skips orders gone or already sent. */
    public String prepare(Exchange exchange) {
        OutboxJob job = exchange.getProperty(OutboxJob.PROPERTY, OutboxJob.class);
        long orderId = Long.parseLong(job.entityId());
        StoredOrder order = orders.find(orderId).orElseThrow(() -> new PushSkipped("order " + orderId + " was deleted before it reached JTL"));
        List<String> known = jdbc.queryForList("SELECT outbound_id FROM order_outbounds WHERE order_id = ?", String.class, orderId);
        if (!known.isEmpty()) {
            throw new PushSkipped("order " + orderId + " already has JTL outbound " + known.get(0));
        }
        ArrayNode items = items(order);
        if (items.isEmpty()) {
            throw new PushRejected(ErrorClass.VALIDATION, "order " + orderId + " has no line with a SKU, so JTL cannot ship it: give its "
                    + "products SKUs (the SKU is JTL's merchantSku), then replay this dead letter");
        }
        ObjectNode in = CanonicalJson.object();
        in.put("orderId", orderId);
        in.put("merchantOutboundNumber", Long.toString(orderId));
        in.put("orderNumber", order.orderNumber());
        in.put("origin", order.origin());
        in.put("externalId", order.externalId());
        in.put("customerRef", order.customerRef());
        in.put("currency", order.currency());
        in.put("total", order.total());
        in.put("warehouseId", warehouseId.isBlank() ? null : warehouseId);
        in.set("items", items);
        JsonNode address = order.body().path("shippingAddress");
        if (address.isObject()) {
            in.set("shippingAddress", withoutNulls((ObjectNode) address.deepCopy()));
        }
        exchange.setProperty("fulfilmentOrderId", orderId);
        return CanonicalJson.write(withoutNulls(in));
    }

    /** Lines with a SKU, one item per SKU (quantities of repeated SKUs added up); lines without one are logged. */
    static ArrayNode items(StoredOrder order) {
        Map<String, ObjectNode> bySku = new LinkedHashMap<>();
        for (JsonNode line : order.lines()) {
            if (!line.hasNonNull("sku")) {
                LOG.warn("order {}: line '{}' has no SKU and is not sent to JTL", order.id(), line.path("title").asText(""));
                continue;
            }
            String sku = line.get("sku").asText();
            ObjectNode item = bySku.get(sku);
            if (item == null) {
                item = CanonicalJson.object();
                item.put("sku", sku);
                item.put("quantity", line.path("quantity").asInt());
                item.put("title", line.path("title").asText(null));
                item.set("price", line.get("price"));
                bySku.put(sku, item);
            } else {
                item.put("quantity", item.get("quantity").asInt() + line.path("quantity").asInt());
            }
        }
        ArrayNode out = CanonicalJson.MAPPER.createArrayNode();
        bySku.values().forEach(out::add);
        return out;
    }

    /** Stores the answered outboundId on the order and the FFN's first status as its fulfilment status (status_update). */
    public void recordCreated(Exchange exchange) {
        long orderId = exchange.getProperty("fulfilmentOrderId", Long.class);
        JsonNode answer = parseOrNull(exchange.getMessage().getBody(String.class));
        String outboundId = answer == null ? null : answer.path("outboundId").asText(null);
        if (outboundId == null) {
            throw new PushRejected(ErrorClass.VALIDATION, "JTL answered the outbound create of order " + orderId + " without an outboundId ("
                    + answer + "); if JTL has the outbound " + orderId + " already, store its id in order_outbounds or cancel it in the "
                    + "FFN portal, then replay this dead letter");
        }
        String status = answer.path("status").asText(null);
        if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 409) {
            LOG.info("JTL already has the outbound of order {} ({}, from an earlier attempt): adopted", orderId, outboundId);
        }
        tx.executeWithoutResult(s -> {
            Timestamp now = Timestamp.from(Instant.now());
            jdbc.update("INSERT INTO order_outbounds (order_id, client_id, merchant_outbound_number, outbound_id, jtl_status, created_at, updated_at) "
                            + "SELECT id, client_id, ?, ?, ?, ?, ? FROM orders WHERE id = ? ON CONFLICT DO NOTHING",
                    Long.toString(orderId), outboundId, status, now, now, orderId);
            if (status != null && orders.find(orderId).isPresent()) {
                orders.changeFulfilmentStatus(orderId, OutboundStatus.fulfilmentStatus(status), "JTL");
            }
        });
        LOG.debug("order {} is JTL outbound {} ({})", orderId, outboundId, status);
    }

    /** The mapping leaves out what the order does not have (a JSON null would reach the FFN as null). */
    private static ObjectNode withoutNulls(ObjectNode o) {
        List<String> empty = new java.util.ArrayList<>();
        o.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                empty.add(e.getKey());
            }
        });
        o.remove(empty);
        return o;
    }

    private static JsonNode parseOrNull(String body) {
        if (body == null) {
            return null;
        }
        try {
            return CanonicalJson.parse(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
