package io.synchub.support;

import io.synchub.canonical.CanonicalJson;

import java.nio.charset.StandardCharsets;

/** Shopify webhook payloads the tests build, shaped as Shopify's REST webhooks send them. */
public final class ShopifyPayloads {

    private ShopifyPayloads() {
    }

    /**
     * A products/create or products/update payload: one active product with one variant (id {@code productId +
     * 1,000,000}) carrying {@code sku} and {@code price}.
     */
    public static byte[] productWithOneVariant(long productId, String title, String sku, String price) {
        long variantId = productId + 1_000_000;
        var p = CanonicalJson.object();
        p.put("id", productId);
        p.put("admin_graphql_api_id", "gid://shopify/Product/" + productId);
        p.put("title", title);
        p.put("vendor", "Acme");
        p.put("status", "active");
        p.put("updated_at", "2026-01-01T00:00:00-05:00");
        var v = p.putArray("variants").addObject();
        v.put("id", variantId);
        v.put("admin_graphql_api_id", "gid://shopify/ProductVariant/" + variantId);
        v.put("title", "Default Title");
        v.put("price", price);
        v.put("sku", sku);
        p.putArray("images");
        return CanonicalJson.write(p).getBytes(StandardCharsets.UTF_8);
    }
}
