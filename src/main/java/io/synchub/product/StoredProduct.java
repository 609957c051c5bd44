package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.UtcInstantText;
import io.synchub.ownership.FieldState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** A product row of the central store, with its JSON columns parsed. */
public record StoredProduct(long id, String clientId, String sku, ObjectNode fields, ObjectNode fieldMeta,
                            ObjectNode sourceClocks, long version, String syncStatus, String lastUpdatedBy,
                            Instant lastUpdatedAt, Instant createdAt, ObjectNode originValues) {

    /** Per field, per origin: the value the hub last saw from that origin. */
    public Map<String, Map<String, JsonNode>> lastSeen() {
        Map<String, Map<String, JsonNode>> seen = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = originValues.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, JsonNode> byOrigin = new HashMap<>();
            e.getValue().fields().forEachRemaining(o -> byOrigin.put(o.getKey(), o.getValue()));
            seen.put(e.getKey(), byOrigin);
        }
        return seen;
    }

    public Map<String, FieldState> fieldStates() {
        Map<String, FieldState> states = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fieldMeta.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode m = e.getValue();
            states.put(e.getKey(), new FieldState(fields.get(e.getKey()), m.path("origin").asText(null),
                    instant(m.path("at")), instant(m.path("sourceAt"))));
        }
        return states;
    }

    public Map<String, Map<String, Instant>> clocks() {
        Map<String, Map<String, Instant>> clocks = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = sourceClocks.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Map<String, Instant> byOrigin = new HashMap<>();
            e.getValue().fields().forEachRemaining(o -> byOrigin.put(o.getKey(), instant(o.getValue())));
            clocks.put(e.getKey(), byOrigin);
        }
        return clocks;
    }

    private static Instant instant(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? null : UtcInstantText.parse(n.asText());
    }
}
