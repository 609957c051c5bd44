package io.synchub.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.JsonBody;
import io.synchub.orders.OrderStore;
import io.synchub.orders.StoredOrder;
import org.springframework.stereotype.Component;

/**
 * Events other systems put on the stream ({@code POST /api/v1/sync/events}): the billing app's integration status
 * (WhatsApp connected, QR generated, …). Only the configured types are taken; an event may name an order (by its
 * client id or hub id: a known order links it, so order filters find it) and a tenant (a tenant-bound key publishes
 * into its own tenant only).
 */
@Component
public class PublishedEvents {

    private final EventTypes types;
    private final OrderEventLog log;
    private final OrderStore orders;

    public PublishedEvents(EventTypes types, OrderEventLog log, OrderStore orders) {
        this.types = types;
        this.log = log;
        this.orders = orders;
    }

    public OrderEvent publish(String body, String boundTenant) {
        ObjectNode in = JsonBody.object(body);
        JsonNode t = in.get("eventType");
        if (t == null || !t.isTextual() || !types.publishable(t.asText())) {
            throw ApiException.unprocessable("'eventType' must be one of the publishable types " + types.publishableList()
                    + " (synchub.events.publishable), got " + (t == null ? "nothing" : t.toString()));
        }
        for (var it = in.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("eventType") && !f.equals("orderID") && !f.equals("tenantId") && !f.equals("data")) {
                throw ApiException.unprocessable("unknown field '" + f + "'; send {\"eventType\", \"orderID\"?, \"tenantId\"?, \"data\": {}}");
            }
        }
        String tenant = id(in, "tenantId");
        if (boundTenant != null) {
            if (tenant != null && !tenant.equals(boundTenant)) {
                throw ApiException.unprocessable("'tenantId' " + tenant + " is not the tenant of this API key");
            }
            tenant = boundTenant;
        }
        String orderRef = id(in, "orderID");
        JsonNode data = in.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw ApiException.unprocessable("'data' must be a JSON object, got " + data.getNodeType().toString().toLowerCase());
        }
        EventSubject subject = new EventSubject(null, orderRef, null, tenant, null);
        if (orderRef != null) {
            StoredOrder order = known(orderRef, boundTenant);
            if (order != null) {
                if (tenant != null && !tenant.isEmpty() && !tenant.equals(order.tenantId())) {
                    throw ApiException.unprocessable("order " + orderRef + " is not in tenant " + tenant);
                }
                subject = order.subject();
            }
        }
        return log.publish(subject, t.asText(), data == null || data.isNull() ? io.synchub.canonical.CanonicalJson.object() : data);
    }

    private StoredOrder known(String orderRef, String boundTenant) {
        try {
            return orders.resolve(orderRef, boundTenant);
        } catch (ApiException e) {
            if (e.status() == 404) {
                return null; // an order the hub does not hold: the event carries its id as given
            }
            throw e;
        }
    }

    private static String id(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() || !EventSubject.ID.matcher(v.asText()).matches()) {
            throw ApiException.unprocessable("'" + field + "' must be letters, digits and . _ : @ # + - (at most 100 characters), got " + v);
        }
        return v.asText();
    }
}
