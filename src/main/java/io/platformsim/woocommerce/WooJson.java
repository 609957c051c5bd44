package io.platformsim.woocommerce;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.platformsim.core.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Renders REST v3 products and variations the way WooCommerce does (the shape of product.updated webhooks). */
final class WooJson {

    static final DateTimeFormatter WP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private WooJson() {
    }

    static String date(Instant t) {
        return t == null ? null : WP_DATE.format(t);
    }

    static ObjectNode product(WooProduct p, String siteUrl) {
        ObjectNode o = Json.object();
        o.put("id", p.id);
        o.put("name", p.name);
        o.put("slug", p.slug);
        o.put("permalink", siteUrl + "product/" + p.slug + "/");
        o.put("date_created", date(p.dateCreated));
        o.put("date_created_gmt", date(p.dateCreated));
        o.put("date_modified", date(p.dateModified));
        o.put("date_modified_gmt", date(p.dateModified));
        o.put("type", p.type);
        o.put("status", p.status);
        o.put("featured", false);
        o.put("catalog_visibility", "visible");
        o.put("description", p.description);
        o.put("short_description", p.shortDescription);
        o.put("sku", p.sku);
        o.put("price", p.price() == null ? "" : p.price().toPlainString());
        o.put("regular_price", p.regularPrice == null ? "" : p.regularPrice.toPlainString());
        o.put("sale_price", p.salePrice == null ? "" : p.salePrice.toPlainString());
        o.putNull("date_on_sale_from");
        o.putNull("date_on_sale_from_gmt");
        o.putNull("date_on_sale_to");
        o.putNull("date_on_sale_to_gmt");
        o.put("on_sale", p.salePrice != null);
        o.put("purchasable", p.price() != null);
        o.put("total_sales", 0);
        o.put("virtual", false);
        o.put("downloadable", false);
        o.put("tax_status", p.taxStatus);
        o.put("tax_class", "");
        o.put("manage_stock", p.manageStock);
        if (p.stockQuantity == null) {
            o.putNull("stock_quantity");
        } else {
            o.put("stock_quantity", p.stockQuantity);
        }
        o.put("stock_status", p.stockStatus);
        o.put("backorders", p.backorders);
        o.put("backorders_allowed", !"no".equals(p.backorders));
        o.put("backordered", false);
        o.put("weight", p.weight);
        o.set("dimensions", Json.object().put("length", "").put("width", "").put("height", ""));
        o.put("shipping_required", true);
        o.put("parent_id", p.parentId);
        ArrayNode categories = o.putArray("categories");
        for (String c : p.categories) {
            categories.addObject().put("id", Math.abs(c.hashCode() % 1000) + 9).put("name", c).put("slug", c.toLowerCase().replace(' ', '-'));
        }
        ArrayNode tags = o.putArray("tags");
        for (String t : p.tags) {
            tags.addObject().put("id", Math.abs(t.hashCode() % 1000) + 9).put("name", t).put("slug", t);
        }
        o.putArray("images");
        ArrayNode attributes = o.putArray("attributes");
        if (p.attributeOption != null) {
            attributes.addObject().put("id", 0).put("name", "Size").put("option", p.attributeOption);
        }
        ArrayNode variations = o.putArray("variations");
        p.variations.forEach(variations::add);
        o.put("menu_order", 0);
        o.putArray("meta_data");
        ObjectNode links = o.putObject("_links");
        String self = siteUrl + "wp-json/wc/v3/products/" + (p.isVariation() ? p.parentId + "/variations/" + p.id : p.id);
        links.putArray("self").addObject().put("href", self);
        links.putArray("collection").addObject().put("href", siteUrl + "wp-json/wc/v3/products");
        return o;
    }

    static ObjectNode error(int status, String code, String message) {
        ObjectNode o = Json.object();
        o.put("code", code);
        o.put("message", message);
        o.set("data", Json.object().put("status", status));
        return o;
    }
}
