package io.platformsim.shopify;

import java.math.BigDecimal;
import java.time.Instant;

/** A variant as the simulated store holds it (guarded by the store's lock). */
final class ShopifyVariant {
    final long id;
    final long productId;
    final long inventoryItemId;
    final int position;
    final Instant createdAt;
    String title;
    String sku;
    String barcode;
    BigDecimal price;
    BigDecimal compareAtPrice;
    boolean taxable = true;
    String inventoryPolicy = "deny";
    int inventoryQuantity;
    int oldInventoryQuantity;
    BigDecimal weightKg;
    Instant updatedAt;

    ShopifyVariant(long id, long productId, long inventoryItemId, int position, Instant createdAt) {
        this.id = id;
        this.productId = productId;
        this.inventoryItemId = inventoryItemId;
        this.position = position;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String gid() {
        return "gid://shopify/ProductVariant/" + id;
    }

    String inventoryItemGid() {
        return "gid://shopify/InventoryItem/" + inventoryItemId;
    }
}
