package io.platformsim.shopify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.Json;

import java.util.Comparator;
import java.util.List;

/**
 * Renders the REST Admin API Product resource, the body of products/* webhooks: exact 18-digit ids, gid strings,
 * prices as strings, variant_gids most recently updated first.
 */
final class ShopifyRestJson {

    private ShopifyRestJson() {
    }

    static ObjectNode product(ShopifyProduct p) {
        ObjectNode o = Json.object();
        o.put("admin_graphql_api_id", p.gid());
        o.put("body_html", p.bodyHtml);
        o.put("created_at", ShopifyTime.rest(p.createdAt));
        o.put("handle", p.handle);
        o.put("id", p.id);
        o.put("product_type", p.productType);
        o.put("published_at", ShopifyTime.rest(p.createdAt));
        o.putNull("template_suffix");
        o.put("title", p.title);
        o.put("updated_at", ShopifyTime.rest(p.updatedAt));
        o.put("vendor", p.vendor);
        o.put("status", p.status);
        o.put("published_scope", "web");
        o.put("tags", p.tags);
        ArrayNode variants = o.putArray("variants");
        for (ShopifyVariant v : p.variants.subList(0, Math.min(100, p.variants.size()))) {
            variants.add(variant(v));
        }
        ArrayNode options = o.putArray("options");
        if (p.variants.size() > 1) {
            ObjectNode size = options.addObject();
            size.put("id", p.id / 10 + 1).put("product_id", p.id).put("name", "Size").put("position", 1);
            ArrayNode values = size.putArray("values");
            p.variants.forEach(v -> values.add(v.title));
        }
        o.putArray("images");
        o.putNull("image");
        o.putArray("media");
        ArrayNode gids = o.putArray("variant_gids");
        List<ShopifyVariant> recent = p.variants.stream()
                .sorted(Comparator.comparing((ShopifyVariant v) -> v.updatedAt).reversed()).toList();
        for (ShopifyVariant v : recent) {
            gids.addObject().put("admin_graphql_api_id", v.gid()).put("updated_at", ShopifyTime.millis(v.updatedAt));
        }
        o.put("has_variants_that_requires_components", false);
        o.putNull("category");
        return o;
    }

    static ObjectNode variant(ShopifyVariant v) {
        ObjectNode o = Json.object();
        o.put("admin_graphql_api_id", v.gid());
        o.put("barcode", v.barcode);
        o.put("compare_at_price", v.compareAtPrice == null ? null : v.compareAtPrice.toPlainString());
        o.put("created_at", ShopifyTime.rest(v.createdAt));
        o.put("id", v.id);
        o.put("inventory_policy", v.inventoryPolicy);
        o.put("position", v.position);
        o.put("price", v.price.toPlainString());
        o.put("product_id", v.productId);
        o.put("sku", v.sku);
        o.put("taxable", v.taxable);
        o.put("title", v.title);
        o.put("updated_at", ShopifyTime.rest(v.updatedAt));
        o.put("option1", v.title);
        o.putNull("option2");
        o.putNull("option3");
        o.putNull("image_id");
        o.put("inventory_item_id", v.inventoryItemId);
        o.put("inventory_quantity", v.inventoryQuantity);
        o.put("old_inventory_quantity", v.oldInventoryQuantity);
        return o;
    }

    static ObjectNode inventoryLevel(ShopifyVariant v, long locationId) {
        ObjectNode o = Json.object();
        o.put("inventory_item_id", v.inventoryItemId);
        o.put("location_id", locationId);
        o.put("available", v.inventoryQuantity);
        o.put("updated_at", ShopifyTime.rest(v.updatedAt));
        o.put("admin_graphql_api_id", "gid://shopify/InventoryLevel/" + locationId + "?inventory_item_id=" + v.inventoryItemId);
        return o;
    }
}
