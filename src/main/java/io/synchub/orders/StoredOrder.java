package io.synchub.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.DbTime;
import io.synchub.orders.workflow.OrderWorkflow;
import io.synchub.orders.workflow.OrderWorkflows;
import org.springframework.jdbc.core.RowMapper;

import java.math.BigDecimal;
import java.time.Instant;

/** An order as the central store holds it. {@link #view()} is its API representation. */
public record StoredOrder(long id, String clientId, String origin, String externalId, String orderNumber, String customerRef,
                          String currency, BigDecimal total, String stage, PaymentStatus paymentStatus,
                          String fulfilmentStatus, boolean test, JsonNode body, Instant sourceUpdatedAt, long version,
                          Instant placedAt, Instant createdAt, Instant updatedAt, String orderRef, String tenantId,
                          String workflow, java.util.List<String> allowedStages) {

    /** Rows of the orders table; the allowed stages come from the order's workflow as the file defines it now. */
    static RowMapper<StoredOrder> rows(OrderWorkflows workflows) {
        return (rs, n) -> {
            OrderWorkflow w = workflows.stored(rs.getString("workflow"));
            String stage = rs.getString("stage");
            return row(rs, w.name(), w.next(stage));
        };
    }

    private static StoredOrder row(java.sql.ResultSet rs, String workflow, java.util.List<String> allowed) throws java.sql.SQLException {
        return new StoredOrder(rs.getLong("id"), rs.getString("client_id"),
            rs.getString("origin"), rs.getString("external_id"), rs.getString("order_number"), rs.getString("customer_ref"),
            rs.getString("currency"), rs.getBigDecimal("total"), rs.getString("stage"),
            PaymentStatus.fromWire(rs.getString("payment_status")), rs.getString("fulfilment_status"), rs.getBoolean("test"),
            CanonicalJson.parse(rs.getString("body")), DbTime.instant(rs.getObject("source_updated_at")), rs.getLong("version"),
            DbTime.instant(rs.getObject("placed_at")), DbTime.instant(rs.getObject("created_at")),
            DbTime.instant(rs.getObject("updated_at")), rs.getString("order_ref"), rs.getString("tenant_id"), workflow, allowed);
    }

    /** The order id clients address it by (their own; the hub's id for an order that has none). */
    public String orderID() {
        return orderRef != null ? orderRef : Long.toString(id);
    }

    /** What events about this order are about. */
    public io.synchub.orders.events.EventSubject subject() {
        return io.synchub.orders.events.EventSubject.order(id, orderID(), clientId, tenantId);
    }

    public JsonNode lines() {
        return body.path("lines");
    }

    public ObjectNode view() {
        ObjectNode o = CanonicalJson.object();
        o.put("id", id);
        o.put("orderID", orderID());
        o.put("tenantId", tenantId == null || tenantId.isEmpty() ? null : tenantId);
        o.put("clientId", clientId);
        o.put("origin", origin);
        o.put("externalId", externalId);
        o.put("orderNumber", orderNumber);
        o.put("customerRef", customerRef);
        o.put("currency", currency);
        o.set("lines", body.path("lines"));
        o.set("totals", body.path("totals"));
        if (body.path("shippingAddress").isObject()) {
            o.set("shippingAddress", body.get("shippingAddress"));
        }
        o.put("workflow", workflow);
        o.put("stage", stage);
        var allowed = o.putArray("allowedStages");
        allowedStages.forEach(allowed::add);
        o.put("paymentStatus", paymentStatus.wire());
        o.put("fulfilmentStatus", fulfilmentStatus);
        o.put("test", test);
        o.put("placedAt", placedAt == null ? null : placedAt.toString());
        o.put("sourceUpdatedAt", sourceUpdatedAt == null ? null : sourceUpdatedAt.toString());
        o.put("createdAt", createdAt.toString());
        o.put("updatedAt", updatedAt.toString());
        o.put("version", version);
        return o;
    }

    /** The few fields a list dashboard shows, carried by order_stage_change. */
    public ObjectNode summary() {
        ObjectNode o = CanonicalJson.object();
        o.put("id", id);
        o.put("orderID", orderID());
        o.put("origin", origin);
        o.put("externalId", externalId);
        o.put("orderNumber", orderNumber);
        o.put("stage", stage);
        o.put("paymentStatus", paymentStatus.wire());
        o.put("fulfilmentStatus", fulfilmentStatus);
        o.put("total", total);
        o.put("currency", currency);
        o.put("test", test);
        return o;
    }
}
