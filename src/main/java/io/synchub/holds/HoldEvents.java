package io.synchub.holds;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.orders.events.OrderEventLog;
import io.synchub.orders.events.OrderEventType;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;

/** Publishes hold events on the order-event stream (SSE and polling), inside the transaction of the hold change. */
@Component
public class HoldEvents {

    private final OrderEventLog log;

    public HoldEvents(OrderEventLog log) {
        this.log = log;
    }

    /** {@code {holdId, sessionId, customerId, outfitId, items, <timeField>: at}} plus any extra fields. */
    public void publish(OrderEventType type, StoredHold hold, String timeField, Instant at, ObjectNode extra) {
        ObjectNode data = CanonicalJson.object();
        data.put("holdId", hold.id());
        data.put("sessionId", hold.sessionId());
        data.put("customerId", hold.customerId());
        data.put("outfitId", hold.outfitId());
        data.set("items", StoredHold.itemsJson(hold.items()));
        data.put(timeField, at.toString());
        if (extra != null) {
            data.setAll(extra);
        }
        log.appendWithoutOrder(hold.clientId(), List.of(new OrderEventLog.Pending(type, data)));
    }
}
