package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalFields;
import io.synchub.canonical.CanonicalJson;
import io.synchub.canonical.UtcInstantText;

import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * One canonical item to apply to the central store: what a mapping produced from a platform payload, or what an
 * operator sent through the API.
 *
 * @param link            the item's platform identity, null for the hub's own edits
 * @param sourceAt        the source's own timestamp for this state, null when it gives none
 * @param mayCreate       false for writes that only update known products (stock levels)
 */
public record ProductWrite(String clientId, String origin, ProductLink link, String sku, Instant sourceAt,
                           ObjectNode fields, boolean mayCreate, Long inboxId) {

    /** Every write to the store holds canonical values only (types, ranges, no NUL): refused naming the field. */
    public ProductWrite {
        if (sku != null) {
            CanonicalFields.check("sku", com.fasterxml.jackson.databind.node.TextNode.valueOf(sku));
        }
        CanonicalFields.check(fields);
    }

    /** Reads the canonical item shape the {@code mappings/<platform>/product-in.jsonata} files produce. */
    public static ProductWrite fromMapped(JsonNode item, String clientId, String origin, Long inboxId) {
        JsonNode link = item.path("link");
        ProductLink productLink = link.isObject() ? new ProductLink(
                text(link, "platform", origin), text(link, "productId", null),
                text(link, "variantId", text(link, "productId", null)), text(link, "inventoryItemId", null)) : null;
        JsonNode fields = item.path("fields");
        if (!fields.isObject()) {
            throw new IllegalArgumentException("mapped item has no 'fields' object: " + item);
        }
        String sku = text(item, "sku", null);
        return new ProductWrite(clientId, origin, productLink, sku == null || sku.isBlank() ? null : sku.trim(),
                instant(text(item, "sourceAt", null)), (ObjectNode) fields,
                !item.has("mayCreate") || item.get("mayCreate").asBoolean(true), inboxId);
    }

    private static String text(JsonNode n, String field, String fallback) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.isMissingNode()) {
            return fallback;
        }
        if (v.isNumber()) {
            CanonicalFields.checkNumbers(field, v);
            return v.bigIntegerValue().toString();
        }
        return v.asText();
    }

    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            // the hub's own UTC form by hand, any other as Instant.parse reads it (offsets included)
            return UtcInstantText.parse(text);
        } catch (RuntimeException e) {
            try {
                // what Instant.parse refuses and an offset date-time allows (no seconds: 2026-12-02T11:30+01:00)
                return OffsetDateTime.parse(text).toInstant();
            } catch (RuntimeException e2) {
                throw new IllegalArgumentException("sourceAt '" + text + "' is not an ISO-8601 timestamp with offset");
            }
        }
    }

    public ProductWrite withFields(ObjectNode newFields) {
        return new ProductWrite(clientId, origin, link, sku, sourceAt, newFields, mayCreate, inboxId);
    }

    static ObjectNode emptyFields() {
        return CanonicalJson.object();
    }
}
