package io.synchub.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.synchub.api.ApiException;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ProductChange;
import io.synchub.product.ProductChangeListener;
import org.apache.camel.Header;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Product search ({@code q}, {@code category}, {@code type}, {@code brand}) and category counts served from memory:
 * a search caches the matching ids, each product its canonical fields without stock. A committed change evicts its
 * product at once and again after the commit (so no reader re-caches the state before it), and the searches and
 * counts when it touched what they select on. Stock fields are never cached nor served here.
 */
@Component("productSearch")
public class ProductSearch implements ProductChangeListener {

    static final Set<String> STOCK = Set.of("available", "reserved", "announced");
    static final Set<String> SELECTED_ON = Set.of("name", "sku", "categories", "productType", "vendor", "isActive");
    static final Set<String> TYPES = Set.of("product", "service", "rental");

    private final JdbcTemplate jdbc;
    private final Cache products;
    private final Cache searches;
    private final Cache categories;
    private final CaffeineCacheManager manager;
    public ProductSearch(JdbcTemplate jdbc, CaffeineCacheManager productCacheManager) {
        this.jdbc = jdbc;
        this.manager = productCacheManager;
        this.products = productCacheManager.getCache(ProductCaches.PRODUCTS);
        this.searches = productCacheManager.getCache(ProductCaches.SEARCHES);
        this.categories = productCacheManager.getCache(ProductCaches.CATEGORIES);
    }

    private record Ids(List<Long> ids, long total) {
    }

    public String list(@Header("q") String q, @Header("category") String category, @Header("type") String type,
                       @Header("brand") String brand, @Header("limit") String limit, @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        if (type != null && !type.isBlank() && !TYPES.contains(type.trim())) {
            throw ApiException.badRequest("type must be product, service or rental");
        }
        String key = String.join("\u0000", norm(q), norm(category), norm(type), norm(brand), String.valueOf(paging.limit()),
                String.valueOf(paging.offset()));
        Ids ids = searches.get(key, () -> query(q, category, type, brand, paging));
        ArrayNode items = CanonicalJson.MAPPER.createArrayNode();
        for (Long id : ids.ids()) {
            ObjectNode p = products.get(id, () -> load(id));
            if (p != null && !p.isEmpty()) {
                items.add(p);
            }
        }
        ObjectNode out = CanonicalJson.object();
        out.set("items", items);
        out.put("total", ids.total()).put("limit", paging.limit()).put("offset", paging.offset());
        return CanonicalJson.write(out);
    }

    private Ids query(String q, String category, String type, String brand, Paging paging) {
        StringBuilder where = new StringBuilder(" WHERE deleted = FALSE");
        List<Object> args = new ArrayList<>();
        if (q != null && !q.isBlank()) {
            where.append(" AND search_text LIKE ? ESCAPE '\\'");
            args.add("%" + like(q.trim().toLowerCase(Locale.ROOT)) + "%");
        }
        if (category != null && !category.isBlank()) {
            where.append(" AND categories LIKE ? ESCAPE '\\'");
            args.add("%|" + like(category.trim()) + "|%");
        }
        if (type != null && !type.isBlank()) {
            where.append(" AND fields LIKE ? ESCAPE '\\'");
            args.add("%\"productType\":" + like(CanonicalJson.write(TextNode.valueOf(type.trim()))) + "%");
        }
        if (brand != null && !brand.isBlank()) {
            where.append(" AND fields LIKE ? ESCAPE '\\'");
            args.add("%\"vendor\":" + like(CanonicalJson.write(TextNode.valueOf(brand.trim()))) + "%");
        }
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM products" + where, Long.class, args.toArray());
        args.add(paging.limit());
        args.add(paging.offset());
        List<Long> ids = jdbc.queryForList("SELECT id FROM products" + where + " ORDER BY id LIMIT ? OFFSET ?", Long.class, args.toArray());
        return new Ids(ids, total);
    }

    private ObjectNode load(long id) {
        List<ObjectNode> rows = jdbc.query("SELECT id, sku, fields FROM products WHERE id = ? AND deleted = FALSE", (rs, i) -> {
            ObjectNode fields = (ObjectNode) CanonicalJson.parse(rs.getString("fields"));
            STOCK.forEach(fields::remove);
            ObjectNode o = CanonicalJson.object().put("id", rs.getLong("id")).put("sku", rs.getString("sku"));
            o.set("fields", fields);
            return o;
        }, id);
        return rows.isEmpty() ? CanonicalJson.object() : rows.get(0);
    }

    /** Every category with its product count. */
    public String categories() {
        return CanonicalJson.write(categories.get("all", this::countCategories));
    }

    private ObjectNode countCategories() {
        Map<String, Integer> counts = new TreeMap<>();
        jdbc.query("SELECT categories FROM products WHERE deleted = FALSE AND categories IS NOT NULL", rs -> {
            for (String c : rs.getString(1).split("\\|")) {
                if (!c.isEmpty()) {
                    counts.merge(c, 1, Integer::sum);
                }
            }
        });
        ObjectNode out = CanonicalJson.object();
        ArrayNode items = out.putArray("items");
        counts.forEach((k, n) -> items.addObject().put("category", k).put("count", n));
        return out;
    }

    /** Hit rates of the three caches (status). */
    public ObjectNode stats() {
        ObjectNode o = CanonicalJson.object();
        for (String name : List.of(ProductCaches.PRODUCTS, ProductCaches.SEARCHES, ProductCaches.CATEGORIES)) {
            var stats = ((CaffeineCache) manager.getCache(name)).getNativeCache().stats();
            o.putObject(name).put("hits", stats.hitCount()).put("misses", stats.missCount())
                    .put("hitRate", Math.round(stats.hitRate() * 1000) / 1000.0)
                    .put("size", ((CaffeineCache) manager.getCache(name)).getNativeCache().estimatedSize());
        }
        return o;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void warm() {
        categories.put("all", countCategories());
        list(null, null, null, null, null, null);
    }

    @Override
    public void onProductChanged(ProductChange change) {
        evict(change);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict(change);
                }
            });
        }
    }

    private void evict(ProductChange change) {
        products.evict(change.productId());
        boolean selection = change.created() || change.changedFields().keySet().stream().anyMatch(SELECTED_ON::contains);
        if (selection) {
            searches.clear();
        }
        if (change.created() || change.changedFields().containsKey("categories") || change.changedFields().containsKey("isActive")) {
            categories.clear();
        }
    }

    private static String norm(String v) {
        return v == null ? "" : v.trim().toLowerCase(Locale.ROOT);
    }

    private static String like(String v) {
        return v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
