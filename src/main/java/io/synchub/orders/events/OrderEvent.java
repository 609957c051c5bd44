package io.synchub.orders.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;

import java.time.Instant;

/**
 * One event of the order-event stream. {@code id} is the durable, commit-ordered sequence (the SSE {@code id:} and
 * the polling cursor); {@link #json()} is the reference wire format {@code {"eventType","data","orderID","timestamp"}},
 * serialised once and shared by every client it goes to. {@code orderID} on the wire is the client's own order id
 * (the hub's numeric id for an order that has none); an event about no order (integration status) has null.
 */
public final class OrderEvent {

    private final long id;
    private final EventSubject subject;
    private final String type;
    private final JsonNode data;
    private final Instant timestamp;
    private volatile String json;

    public OrderEvent(long id, EventSubject subject, String type, JsonNode data, Instant timestamp) {
        this.id = id;
        this.subject = subject == null ? EventSubject.NONE : subject;
        this.type = type;
        this.data = data;
        this.timestamp = timestamp;
    }

    public OrderEvent(long id, Long orderId, String clientId, OrderEventType type, JsonNode data, Instant timestamp) {
        this(id, EventSubject.order(orderId, null, clientId, null), type.wire(), data, timestamp);
    }

    public long id() {
        return id;
    }

    public Long orderId() {
        return subject.orderId();
    }

    /** The order id as clients know it (null for an event about no order). */
    public String orderRef() {
        return subject.orderRef() != null ? subject.orderRef() : subject.orderId() == null ? null : subject.orderId().toString();
    }

    public String clientId() {
        return subject.clientId();
    }

    public String tenantId() {
        return subject.tenantId();
    }

    public String bayId() {
        return subject.bayId();
    }

    /** The wire name of the event type (stored types, published integration types, stream control). */
    public String type() {
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
        o.put("eventType", type);
        o.set("data", data == null ? CanonicalJson.object() : data);
        String ref = orderRef();
        if (ref == null) {
            o.putNull("orderID");
        } else {
            o.put("orderID", ref);
        }
        o.put("timestamp", timestamp.toString());
        if (subject.tenantId() != null && !subject.tenantId().isEmpty()) {
            o.put("tenantId", subject.tenantId());
        }
        return o;
    }
}
