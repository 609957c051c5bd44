package io.synchub.holds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.canonical.CanonicalJson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A validated {@code POST /api/v1/holds} body. Items with the same SKU are summed and sorted by SKU (reservations lock
 * SKUs in that order, so two holds never wait on each other crosswise). 422 names the first thing that is wrong.
 */
public record HoldRequest(List<HoldItem> items, String sessionId, String customerId, String outfitId, int durationSeconds,
                          ObjectNode metadata) {

    public static final int MIN_DURATION = 60;
    public static final int MAX_DURATION = 7200;
    public static final int DEFAULT_DURATION = 1800;
    static final long MAX_QUANTITY = 1_000_000;

    public static HoldRequest from(ObjectNode in) {
        List<HoldItem> items = items(in.get("items"));
        JsonNode d = in.get("durationSeconds");
        int duration = DEFAULT_DURATION;
        if (d != null && !d.isNull()) {
            if (!d.isIntegralNumber() || d.asLong() < MIN_DURATION || d.asLong() > MAX_DURATION) {
                throw ApiException.unprocessable("'durationSeconds' must be a whole number of seconds between " + MIN_DURATION
                        + " and " + MAX_DURATION + ", got " + d);
            }
            duration = d.asInt();
        }
        JsonNode m = in.get("metadata");
        if (m != null && !m.isNull() && !m.isObject()) {
            throw ApiException.unprocessable("'metadata' must be a JSON object");
        }
        return new HoldRequest(items, text(in, "sessionId"), text(in, "customerId"), text(in, "outfitId"), duration,
                m == null || m.isNull() ? CanonicalJson.object() : (ObjectNode) m);
    }

    /**
     * Whether a stored hold was created from this same request (items, session, customer, outfit, duration, metadata):
     * a retried create may repeat its Idempotency-Key only with the same request.
     */
    public boolean sameAs(StoredHold hold) {
        JsonNode storedMetadata = hold.metadata() == null || hold.metadata().isNull() ? CanonicalJson.object() : hold.metadata();
        return items.equals(hold.items()) && java.util.Objects.equals(sessionId, hold.sessionId())
                && java.util.Objects.equals(customerId, hold.customerId()) && java.util.Objects.equals(outfitId, hold.outfitId())
                && durationSeconds == hold.durationSeconds() && metadata.equals(storedMetadata);
    }

    /** The items of a hold or availability request: a non-empty array of {@code {sku, quantity>0}}. */
    public static List<HoldItem> items(JsonNode items) {
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw ApiException.unprocessable("'items' must be a non-empty array of {\"sku\", \"quantity\"}");
        }
        Map<String, Long> bySku = new TreeMap<>();
        for (JsonNode item : items) {
            JsonNode sku = item.get("sku");
            JsonNode q = item.get("quantity");
            if (sku == null || !sku.isTextual() || sku.asText().isBlank() || sku.asText().length() > 255) {
                throw ApiException.unprocessable("every item needs a 'sku' (text, 1..255 characters), got " + item);
            }
            if (q == null || !q.isIntegralNumber() || q.asLong() <= 0 || q.asLong() > MAX_QUANTITY) {
                throw ApiException.unprocessable("item " + sku.asText() + ": 'quantity' must be a whole number from 1 to "
                        + MAX_QUANTITY + ", got " + q);
            }
            bySku.merge(sku.asText().trim(), q.asLong(), Long::sum);
        }
        List<HoldItem> out = new ArrayList<>();
        bySku.forEach((sku, q) -> out.add(new HoldItem(sku, q)));
        return out;
    }

    private static String text(ObjectNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw ApiException.unprocessable("'" + field + "' must be text");
        }
        String s = v.asText().trim();
        if (s.length() > 255) {
            throw ApiException.unprocessable("'" + field + "' is longer than 255 characters");
        }
        return s.isEmpty() ? null : s;
    }
}
