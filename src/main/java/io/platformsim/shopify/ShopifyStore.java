package io.platformsim.shopify;

import io.platformsim.core.Catalogue;
import io.platformsim.core.CatalogueProduct;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.CatalogueVariant;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The simulated store's catalogue. Ids are 18 digits like real Shopify ids (beyond 2^53), derived from the catalogue
 * index so they are stable across runs with the same seed. All access goes through this object's lock.
 */
final class ShopifyStore {

    static final long PRODUCT_ID_BASE = 788_032_119_674_000_000L;
    static final long VARIANT_ID_BASE = 642_667_041_472_000_000L;
    static final long INVENTORY_ITEM_ID_BASE = 455_667_041_472_000_000L;

    private final NavigableMap<Long, ShopifyProduct> products = new TreeMap<>();
    private final Map<Long, ShopifyVariant> variants = new HashMap<>();
    private final Map<Long, ShopifyVariant> byInventoryItem = new HashMap<>();
    private final Map<String, ShopifyVariant> bySku = new HashMap<>();

    synchronized void load(CatalogueSpec spec) {
        Instant created = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Catalogue.stream(spec).forEach(c -> add(c, created));
    }

    private void add(CatalogueProduct c, Instant created) {
        long pid = PRODUCT_ID_BASE + c.index() * 1_000L + 7;
        ShopifyProduct p = new ShopifyProduct(pid, created);
        p.title = c.title();
        p.bodyHtml = c.description();
        p.vendor = c.vendor();
        p.productType = c.productType();
        p.handle = c.title().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        p.tags = String.join(", ", c.tags());
        int position = 1;
        for (CatalogueVariant cv : c.variants()) {
            long vid = VARIANT_ID_BASE + c.index() * 10L + position;
            ShopifyVariant v = new ShopifyVariant(vid, pid, INVENTORY_ITEM_ID_BASE + c.index() * 10L + position, position, created);
            v.title = cv.title();
            v.sku = cv.sku();
            v.barcode = cv.barcode();
            v.price = cv.price();
            v.compareAtPrice = cv.compareAtPrice();
            v.inventoryQuantity = cv.stock();
            v.oldInventoryQuantity = cv.stock();
            v.weightKg = cv.weightKg();
            p.variants.add(v);
            variants.put(vid, v);
            byInventoryItem.put(v.inventoryItemId, v);
            if (v.sku != null) {
                bySku.put(v.sku, v);
            }
            position++;
        }
        products.put(pid, p);
    }

    synchronized int productCount() {
        return products.size();
    }

    synchronized int variantCount() {
        return variants.size();
    }

    ShopifyProduct product(long id) {
        return products.get(id);
    }

    ShopifyVariant variant(long id) {
        return variants.get(id);
    }

    ShopifyVariant variantByInventoryItem(long id) {
        return byInventoryItem.get(id);
    }

    synchronized Optional<ShopifyVariant> variantBySku(String sku) {
        return Optional.ofNullable(bySku.get(sku));
    }

    synchronized List<Long> productIds() {
        return new ArrayList<>(products.keySet());
    }

    /** Up to {@code limit} products with id > afterId and updated_at ≥ min, by id; one more is fetched to tell if more exist. */
    synchronized List<ShopifyProduct> page(Instant updatedAtMin, long afterId, int limit) {
        List<ShopifyProduct> out = new ArrayList<>();
        for (ShopifyProduct p : products.tailMap(afterId, false).values()) {
            if (updatedAtMin == null || !p.updatedAt.isBefore(updatedAtMin)) {
                out.add(p);
                if (out.size() > limit) {
                    break;
                }
            }
        }
        return out;
    }

    synchronized ShopifyProduct randomProduct(SplittableRandom r) {
        if (products.isEmpty()) {
            return null;
        }
        long index = r.nextInt(products.size());
        ShopifyProduct p = products.get(PRODUCT_ID_BASE + index * 1_000L + 7);
        return p != null ? p : products.firstEntry().getValue();
    }

    /** Stamps an edit: the product and the variant get "now" (seconds, as Shopify shows it). */
    static Instant touch(ShopifyProduct p, ShopifyVariant v) {
        Instant now = Instant.now();
        p.updatedAt = now;
        if (v != null) {
            v.updatedAt = now;
        }
        return now;
    }
}
