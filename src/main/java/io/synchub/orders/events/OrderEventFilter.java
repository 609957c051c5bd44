package io.synchub.orders.events;

import io.synchub.api.ApiException;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a dashboard asked for: one order (by the client's order id or the hub's numeric id, or all), some event types
 * (or all stored types), one washing bay, one tenant. A client whose API key is bound to a tenant only ever gets that
 * tenant's events, whatever it asks for.
 */
public record OrderEventFilter(String orderRef, Set<String> types, String tenantId, String bayId) {

    public static final OrderEventFilter ALL = new OrderEventFilter(null, null, null, null);

    /** From the query parameters; 400 with the accepted values when one is not understood. */
    public static OrderEventFilter of(String orderId, String eventTypes, String tenantId, String bayId, String boundTenant,
                                      EventTypes known) {
        String order = param("orderID", orderId);
        Set<String> types = null;
        if (eventTypes != null && !eventTypes.isBlank()) {
            Set<String> chosen = new LinkedHashSet<>();
            for (String t : eventTypes.split(",")) {
                String name = t.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (OrderEventType.isControl(name)) {
                    continue; // connected, heartbeat and polling_data_refresh are always sent
                }
                if (!known.stored(name)) {
                    throw ApiException.badRequest("unknown event type '" + name + "' in 'eventTypes'; use a comma-separated list of "
                            + String.join(", ", known.all()));
                }
                chosen.add(name);
            }
            if (!chosen.isEmpty()) {
                types = Set.copyOf(chosen);
            }
        }
        String tenant = param("tenantId", tenantId);
        if (boundTenant != null) {
            if (tenant != null && !tenant.equals(boundTenant)) {
                throw ApiException.notFound("tenant " + tenant);
            }
            tenant = boundTenant;
        }
        return new OrderEventFilter(order, types, tenant, param("bayId", bayId));
    }

    /** Compatibility form without tenants or bays (all types known to the enum). */
    public static OrderEventFilter of(String orderId, String eventTypes) {
        return of(orderId, eventTypes, null, null, null, EventTypes.BUILT_IN);
    }

    private static String param(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!EventSubject.ID.matcher(v).matches()) {
            throw ApiException.badRequest("'" + name + "' must be an id of letters, digits and . _ : @ # + - (at most 100 characters), got '"
                    + value + "'");
        }
        return v;
    }

    private Long numericOrder() {
        if (orderRef == null || !orderRef.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(orderRef);
    }

    public boolean matches(OrderEvent e) {
        if (types != null && !types.contains(e.type())) {
            return false;
        }
        if (tenantId != null && !tenantId.equals(e.tenantId())) {
            return false;
        }
        if (bayId != null && !bayId.equals(e.bayId())) {
            return false;
        }
        if (orderRef != null) {
            Long n = numericOrder();
            return orderRef.equals(e.orderRef()) || (n != null && n.equals(e.orderId()));
        }
        return true;
    }

    /** The SQL condition of this filter (after {@code id > ?}), appended to a query on order_events. */
    String sql(List<Object> args) {
        StringBuilder where = new StringBuilder();
        if (orderRef != null) {
            Long n = numericOrder();
            if (n != null) {
                where.append(" AND (order_ref = ? OR order_id = ?)");
                args.add(orderRef);
                args.add(n);
            } else {
                where.append(" AND order_ref = ?");
                args.add(orderRef);
            }
        }
        if (tenantId != null) {
            where.append(" AND tenant_id = ?");
            args.add(tenantId);
        }
        if (bayId != null) {
            where.append(" AND bay_id = ?");
            args.add(bayId);
        }
        if (types != null) {
            where.append(" AND event_type IN (");
            String sep = "";
            for (String t : types) {
                where.append(sep).append('?');
                args.add(t);
                sep = ", ";
            }
            where.append(')');
        }
        return where.toString();
    }
}
