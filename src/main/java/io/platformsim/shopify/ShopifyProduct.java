package io.platformsim.shopify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A product as the simulated store holds it (guarded by the store's lock). */
final class ShopifyProduct {
    final long id;
    final Instant createdAt;
    String title;
    String bodyHtml;
    String vendor;
    String productType;
    String handle;
    String status = "active";
    String tags;
    Instant updatedAt;
    final List<ShopifyVariant> variants = new ArrayList<>();

    ShopifyProduct(long id, Instant createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    String gid() {
        return "gid://shopify/Product/" + id;
    }
}
