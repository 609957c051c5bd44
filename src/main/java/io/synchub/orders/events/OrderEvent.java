package io.synchub.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;

import java.time.Instant;

/**
 * One event of the order-event stream. {@code id} is the durable, commit-ordered sequence (the SSE {@code id:} and
 * the polling cursor); {@link #json()} is the reference wire format {@code {"eventType","data","orderID","timestamp"}},
 * serialised once and shared by every client it goes to.
 */
public final class OrderEvent {

    private final long id;
    private final Long orderId;
    private final String clientId;
    private final OrderEventType type;
    private final JsonNode data;
    private final Instant timestamp;
    private volatile String json;

    public OrderEvent(long id, Long orderId, String clientId, OrderEventType type, JsonNode data, Instant timestamp) {
        this.id = id;
        this.orderId = orderId;
        this.clientId = clientId;
        this.type = type;
        this.data = data;
        this.timestamp = timestamp;
    }

    public long id() {
        return id;
    }

    public Long orderId() {
        return orderId;
    }

    public String clientId() {
        return clientId;
    }

    public OrderEventType type() {
        return type;
    }

    public JsonNode data() {
        return data;
    }

    public Instant timestamp() {
        return timestamp;
    }

    /** The reference wire format. */
    public String json() {
        String j = json;
        if (j == null) {
            j = CanonicalJson.write(wire(false));
            json = j;
        }
        return j;
    }

    /** The wire format plus the event's {@code id} (polling answers, where there is no SSE id line). */
    public ObjectNode withId() {
        return wire(true);
    }

    private ObjectNode wire(boolean withId) {
        ObjectNode o = CanonicalJson.object();
        if (withId) {
            o.put("id", id);
        }
        o.put("eventType", type.wire());
        o.set("data", data == null ? CanonicalJson.object() : data);
        if (orderId == null) {
            o.putNull("orderID");
        } else {
            o.put("orderID", orderId);
        }
        o.put("timestamp", timestamp.toString());
        return o;
    }
}
