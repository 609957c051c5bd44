package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A hold as the hub stores it. */
public record StoredHold(String id, String clientId, String authority, String authorityHoldId, String status,
                         String sessionId, String customerId, String outfitId, List<HoldItem> items, JsonNode metadata,
                         int durationSeconds, Instant authorityExpiresAt, Instant expiresAt, Instant createdAt,
                         Instant updatedAt) {

    public static final String ACTIVE = "active";
    public static final String RELEASED = "released";
    public static final String CONFIRMED = "confirmed";
    public static final String EXPIRED = "expired";
    public static final String LOST = "lost";

    public boolean active() {
        return ACTIVE.equals(status);
    }

    public static ArrayNode itemsJson(List<HoldItem> items) {
        ArrayNode a = CanonicalJson.MAPPER.createArrayNode();
        for (HoldItem i : items) {
            a.addObject().put("sku", i.sku()).put("quantity", i.quantity());
        }
        return a;
    }

    static List<HoldItem> itemsFrom(JsonNode json) {
        List<HoldItem> out = new ArrayList<>();
        for (JsonNode i : json) {
            out.add(new HoldItem(i.get("sku").asText(), i.get("quantity").asLong()));
        }
        return out;
    }

    /** The API answer: {@code {holdId, status, expiresAt, items, ...}}. Confirmed holds never expire: no expiresAt. */
    public ObjectNode view() {
        ObjectNode o = CanonicalJson.object();
        o.put("holdId", id);
        o.put("status", status);
        if (CONFIRMED.equals(status)) {
            o.putNull("expiresAt");
        } else {
            o.put("expiresAt", expiresAt.toString());
        }
        o.set("items", itemsJson(items));
        o.put("sessionId", sessionId);
        o.put("customerId", customerId);
        o.put("outfitId", outfitId);
        o.put("durationSeconds", durationSeconds);
        o.set("metadata", metadata);
        o.put("authority", authority);
        if (authorityHoldId != null) {
            o.put("authorityHoldId", authorityHoldId);
        }
        o.put("authorityExpiresAt", authorityExpiresAt.toString());
        o.put("createdAt", createdAt.toString());
        o.put("updatedAt", updatedAt.toString());
        return o;
    }
}
