package io.synchub.orders.events;

import io.synchub.api.ApiException;

import java.util.EnumSet;
import java.util.Set;

/** What a dashboard asked for: one order (or all) and some event types (or all stored types). */
public record OrderEventFilter(Long orderId, Set<OrderEventType> types) {

    public static final OrderEventFilter ALL = new OrderEventFilter(null, OrderEventType.STORED);

    /** From the query parameters; 400 with the accepted values when one is not understood. */
    public static OrderEventFilter of(String orderId, String eventTypes) {
        Long order = null;
        if (orderId != null && !orderId.isBlank()) {
            try {
                order = Long.parseLong(orderId.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("'orderID' must be a numeric order id, got '" + orderId + "'");
            }
        }
        Set<OrderEventType> types = OrderEventType.STORED;
        if (eventTypes != null && !eventTypes.isBlank()) {
            EnumSet<OrderEventType> chosen = EnumSet.noneOf(OrderEventType.class);
            for (String t : eventTypes.split(",")) {
                String name = t.trim();
                if (name.isEmpty()) {
                    continue;
                }
                OrderEventType type;
                try {
                    type = OrderEventType.fromWire(name);
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest("unknown event type '" + name + "' in 'eventTypes'; use a comma-separated list of "
                            + OrderEventType.storedList());
                }
                if (OrderEventType.STORED.contains(type)) {
                    chosen.add(type); // connected, heartbeat and polling_data_refresh are always sent
                }
            }
            if (!chosen.isEmpty()) {
                types = chosen;
            }
        }
        return new OrderEventFilter(order, types);
    }

    public boolean matches(OrderEvent e) {
        return types.contains(e.type()) && (orderId == null || orderId.equals(e.orderId()));
    }

    /** The SQL condition of this filter (after {@code id > ?}), appended to a query on order_events. */
    String sql(java.util.List<Object> args) {
        StringBuilder where = new StringBuilder();
        if (orderId != null) {
            where.append(" AND order_id = ?");
            args.add(orderId);
        }
        if (!types.equals(OrderEventType.STORED)) {
            where.append(" AND event_type IN (");
            String sep = "";
            for (OrderEventType t : types) {
                where.append(sep).append('?');
                args.add(t.wire());
                sep = ", ";
            }
            where.append(')');
        }
        return where.toString();
    }
}
