package io.synchub.orders.events;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The event types of the order-event contract (names as existing dashboard clients use them). */
public enum OrderEventType {
    CONNECTED, HEARTBEAT, POLLING_DATA_REFRESH,
    ORDER_CREATED, STAGE_CHANGE, ORDER_STAGE_CHANGE, STATUS_UPDATE, PAYMENT_UPDATE, ORDER_DELETED,
    HOLD_CREATED, HOLD_RELEASED, HOLD_CONFIRMED, HOLD_EXPIRED, HOLD_LOST,
    QUEUE_UPDATE, JOB_UPDATE;

    /** Types that are stored and can be filtered on; the others are stream control and always sent. */
    public static final Set<OrderEventType> STORED = Set.of(ORDER_CREATED, STAGE_CHANGE, ORDER_STAGE_CHANGE,
            STATUS_UPDATE, PAYMENT_UPDATE, ORDER_DELETED, QUEUE_UPDATE, JOB_UPDATE,
            HOLD_CREATED, HOLD_RELEASED, HOLD_CONFIRMED, HOLD_EXPIRED, HOLD_LOST);

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static OrderEventType fromWire(String wire) {
        for (OrderEventType t : values()) {
            if (t.wire().equals(wire)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown order event type '" + wire + "'");
    }

    /** Stream control (connected, heartbeat, polling_data_refresh): always sent, never stored or filtered on. */
    public static boolean isControl(String wire) {
        return CONNECTED.wire().equals(wire) || HEARTBEAT.wire().equals(wire) || POLLING_DATA_REFRESH.wire().equals(wire);
    }

    public static String storedList() {
        return Arrays.stream(values()).filter(STORED::contains).map(OrderEventType::wire).collect(Collectors.joining(", "));
    }
}
