package io.platformsim.woocommerce;

import com.fasterxml.jackson.databind.JsonNode;
import io.platformsim.core.Catalogue;
import io.platformsim.core.CatalogueProduct;
import io.platformsim.core.CatalogueSpec;
import io.platformsim.core.CatalogueVariant;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The simulated shop's posts: simple and variable products and their variations, in one id space like WordPress.
 * Single-variant catalogue products become simple products, the others variable products with one variation per
 * variant. All access goes through this object's lock.
 */
final class WooStore {

    private final NavigableMap<Long, WooProduct> posts = new TreeMap<>();
    private final Map<String, Long> bySku = new HashMap<>();
    private long nextId = 100;

    synchronized void load(CatalogueSpec spec) {
        Instant base = Instant.now().minus(60, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Catalogue.stream(spec).forEach(c -> add(c, base.plusSeconds(c.index())));
    }

    private void add(CatalogueProduct c, Instant created) {
        boolean simple = c.variants().size() == 1;
        WooProduct p = new WooProduct(nextId++, 0, simple ? "simple" : "variable", created);
        p.name = c.title();
        p.slug = c.title().toLowerCase().replaceAll("[^a-z0-9]+", "-");
        p.description = c.description();
        p.categories = new ArrayList<>(List.of(c.productType()));
        p.tags = new ArrayList<>(c.tags());
        if (simple) {
            fill(p, c.variants().get(0));
        }
        posts.put(p.id, p);
        index(p);
        if (!simple) {
            for (CatalogueVariant cv : c.variants()) {
                WooProduct v = new WooProduct(nextId++, p.id, "variation", created);
                v.name = c.title() + " - " + cv.title();
                v.slug = p.slug + "-" + cv.title().toLowerCase();
                v.attributeOption = cv.title();
                fill(v, cv);
                posts.put(v.id, v);
                p.variations.add(v.id);
                index(v);
            }
        }
    }

    private static void fill(WooProduct p, CatalogueVariant cv) {
        p.sku = cv.sku() == null ? "" : cv.sku();
        if (cv.compareAtPrice() != null) {
            p.regularPrice = cv.compareAtPrice();
            p.salePrice = cv.price();
        } else {
            p.regularPrice = cv.price();
        }
        p.manageStock = true;
        p.stockQuantity = cv.stock();
        p.weight = cv.weightKg().toPlainString();
        p.deriveStockStatus();
    }

    private void index(WooProduct p) {
        if (p.sku != null && !p.sku.isEmpty()) {
            bySku.put(p.sku, p.id);
        }
    }

    WooProduct get(long id) {
        return posts.get(id);
    }

    synchronized WooProduct bySku(String sku) {
        Long id = bySku.get(sku);
        return id == null ? null : posts.get(id);
    }

    synchronized int productCount() {
        return (int) posts.values().stream().filter(p -> !p.isVariation()).count();
    }

    synchronized List<Long> ids(boolean includeVariations) {
        return posts.values().stream().filter(p -> includeVariations || !p.isVariation()).map(p -> p.id).toList();
    }

    record Page(List<WooProduct> items, int total) {
    }

    /**
     * One page of top-level products (no variations) matching the list filters, in the requested order. Ids and
     * creation dates rise together, so id and date order walk the id index without sorting (one pass per page, fast
     * enough for 100,000 products); modified and title order sort.
     */
    synchronized Page list(Instant modifiedAfter, String sku, String status, String orderBy, boolean ascending, int offset, int limit) {
        java.util.function.Predicate<WooProduct> matches = p -> !p.isVariation()
                && (modifiedAfter == null || p.dateModified.truncatedTo(ChronoUnit.SECONDS).isAfter(modifiedAfter))
                && (sku == null || sku.equals(p.sku))
                && (status == null || "any".equals(status) || status.equals(p.status));
        if (orderBy.equals("id") || orderBy.equals("date")) {
            List<WooProduct> page = new ArrayList<>();
            int total = 0;
            for (WooProduct p : (ascending ? posts : posts.descendingMap()).values()) {
                if (matches.test(p)) {
                    if (total >= offset && page.size() < limit) {
                        page.add(p);
                    }
                    total++;
                }
            }
            return new Page(page, total);
        }
        List<WooProduct> all = new ArrayList<>(posts.values().stream().filter(matches).toList());
        Comparator<WooProduct> order = orderBy.equals("modified")
                ? Comparator.comparing((WooProduct p) -> p.dateModified).thenComparingLong(p -> p.id)
                : Comparator.comparing((WooProduct p) -> p.name).thenComparingLong(p -> p.id);
        all.sort(ascending ? order : order.reversed());
        return new Page(all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)), all.size());
    }

    synchronized List<WooProduct> variations(WooProduct parent) {
        return parent.variations.stream().map(posts::get).toList();
    }

    /**
     * Applies a REST update body to a product or variation. {@code price} is read-only in WooCommerce and ignored;
     * {@code stock_quantity} applies only while stock is managed. Returns an error code, or null when applied.
     */
    synchronized String apply(WooProduct p, JsonNode body) {
        if (body.hasNonNull("sku")) {
            String sku = body.get("sku").asText();
            Long owner = sku.isEmpty() ? null : bySku.get(sku);
            if (owner != null && owner != p.id) {
                return "product_invalid_sku";
            }
            if (!p.sku.isEmpty()) {
                bySku.remove(p.sku);
            }
            p.sku = sku;
            index(p);
        }
        for (String price : List.of("regular_price", "sale_price")) {
            if (body.has(price) && !body.get(price).isNull() && !body.get(price).asText().isEmpty()) {
                try {
                    new BigDecimal(body.get(price).asText());
                } catch (NumberFormatException e) {
                    return "rest_invalid_param:" + price;
                }
            }
        }
        if (body.hasNonNull("name") && !p.isVariation()) {
            p.name = body.get("name").asText();
        }
        if (body.has("description")) {
            p.description = body.get("description").asText("");
        }
        if (body.has("short_description")) {
            p.shortDescription = body.get("short_description").asText("");
        }
        if (body.has("regular_price")) {
            p.regularPrice = decimal(body.get("regular_price"));
        }
        if (body.has("sale_price")) {
            p.salePrice = decimal(body.get("sale_price"));
        }
        if (body.hasNonNull("status")) {
            p.status = body.get("status").asText();
        }
        if (body.hasNonNull("tax_status")) {
            p.taxStatus = body.get("tax_status").asText();
        }
        if (body.has("weight")) {
            p.weight = body.get("weight").asText("");
        }
        if (body.hasNonNull("backorders")) {
            p.backorders = body.get("backorders").asText();
        }
        if (body.hasNonNull("manage_stock")) {
            p.manageStock = body.get("manage_stock").asBoolean();
        }
        if (body.has("stock_quantity") && p.manageStock) {
            p.stockQuantity = body.get("stock_quantity").isNull() ? null : body.get("stock_quantity").asInt();
        }
        if (body.hasNonNull("stock_status") && !p.manageStock) {
            p.stockStatus = body.get("stock_status").asText();
        }
        if (body.has("tags") && body.get("tags").isArray()) {
            List<String> tags = new ArrayList<>();
            body.get("tags").forEach(t -> tags.add(t.isObject() ? t.path("name").asText() : t.asText()));
            p.tags = tags;
        }
        p.deriveStockStatus();
        p.dateModified = Instant.now();
        return null;
    }

    /** Creates a simple product (or a variation of {@code parent}) from a REST body. */
    synchronized WooProduct create(JsonNode body, WooProduct parent) {
        WooProduct p = new WooProduct(nextId++, parent == null ? 0 : parent.id, parent == null ? body.path("type").asText("simple") : "variation", Instant.now());
        p.name = parent == null ? body.path("name").asText("Product " + p.id) : parent.name;
        p.slug = p.name.toLowerCase().replaceAll("[^a-z0-9]+", "-") + "-" + p.id;
        String error = apply(p, body);
        if (error != null) {
            nextId--;
            return null;
        }
        posts.put(p.id, p);
        if (parent != null) {
            parent.variations.add(p.id);
        }
        return p;
    }

    synchronized WooProduct delete(long id) {
        WooProduct p = posts.remove(id);
        if (p != null) {
            bySku.remove(p.sku);
            p.variations.forEach(posts::remove);
            if (p.parentId != 0 && posts.containsKey(p.parentId)) {
                posts.get(p.parentId).variations.remove(p.id);
            }
        }
        return p;
    }

    synchronized WooProduct random(java.util.SplittableRandom r) {
        if (posts.isEmpty()) {
            return null;
        }
        Long key = posts.ceilingKey(posts.firstKey() + r.nextLong(posts.lastKey() - posts.firstKey() + 1));
        WooProduct p = posts.get(key == null ? posts.firstKey() : key);
        return "variable".equals(p.type) && !p.variations.isEmpty() ? posts.get(p.variations.get(0)) : p;
    }

    private static BigDecimal decimal(JsonNode n) {
        return n == null || n.isNull() || n.asText().isEmpty() ? null : new BigDecimal(n.asText());
    }
}
