package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.ownership.FieldGroup;
import io.synchub.ownership.OwnershipRules;

import java.util.List;

/** The API representation of a product: canonical fields at top level, then meta, status and links. */
final class ProductView {

    private ProductView() {
    }

    static ObjectNode of(StoredProduct p, List<ProductLink> links, OwnershipRules rules) {
        ObjectNode out = CanonicalJson.object();
        out.put("id", p.id());
        out.put("clientId", p.clientId());
        out.set("sku", p.fields().get("sku"));
        out.set("name", p.fields().get("name"));
        for (FieldGroup g : rules.groups()) {
            for (String f : g.fields()) {
                if (!out.has(f)) {
                    JsonNode v = p.fields().get(f);
                    out.set(f, v == null ? CanonicalJson.MAPPER.nullNode() : v);
                }
            }
        }
        p.fields().fields().forEachRemaining(e -> {
            if (!out.has(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        out.set("fieldMeta", p.fieldMeta());
        out.put("lastUpdatedBy", p.lastUpdatedBy());
        out.put("lastUpdatedAt", p.lastUpdatedAt().toString());
        out.put("createdAt", p.createdAt().toString());
        out.put("version", p.version());
        out.put("syncStatus", p.syncStatus());
        var linksNode = out.putArray("links");
        for (ProductLink l : links) {
            ObjectNode ln = linksNode.addObject();
            ln.put("platform", l.platform());
            ln.put("productId", l.externalProductId());
            ln.put("variantId", l.externalVariantId());
            ln.put("inventoryItemId", l.inventoryItemId());
        }
        return out;
    }
}
