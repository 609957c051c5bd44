package io.synchub.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Product search ({@code q}, {@code category}, {@code type}, {@code brand}) and category counts served from memory:
 * a search caches the matching ids, each product its canonical fields without stock. A committed change evicts its
 * product at once and again after the commit (so no reader re-caches the state before it), the searches the product
 * joins or leaves (its state before and after matched against each cached search, see {@link SearchCriteria}) and
 * the counts when it touched categories. Stock fields are never cached nor served here.
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
    /** Changes finished committing (or rolling back), counted before their after-commit sweep. */
    private final AtomicLong committedChanges = new AtomicLong();

    public ProductSearch(JdbcTemplate jdbc, CaffeineCacheManager productCacheManager) {
        this.jdbc = jdbc;
        this.manager = productCacheManager;
        this.products = productCacheManager.getCache(ProductCaches.PRODUCTS);
        this.searches = productCacheManager.getCache(ProductCaches.SEARCHES);
        this.categories = productCacheManager.getCache(ProductCaches.CATEGORIES);
    }

    private record Ids(List<Long> ids, long total) {
    }

    /** A cached search: what it selects on and which page. */
    private record SearchKey(SearchCriteria criteria, int limit, int offset) {
    }

    public String list(@Header("q") String q, @Header("category") String category, @Header("type") String type,
                       @Header("brand") String brand, @Header("limit") String limit, @Header("offset") String offset) {
        Paging paging = Paging.of(limit, offset);
        if (type != null && !type.isBlank() && !TYPES.contains(type.trim())) {
            throw ApiException.badRequest("type must be product, service or rental");
        }
        SearchKey key = new SearchKey(SearchCriteria.of(q, category, type, brand), paging.limit(), paging.offset());
        Ids ids = search(key);
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

    /**
     * The cached ids, or the query's. A result read while a change was committing may predate it, and the sweep after
     * the commit cannot see an entry that is not stored yet: so a result is stored, then dropped again when a change
     * finished committing meanwhile (the sweep sees it when it runs after the store).
     */
    private Ids search(SearchKey key) {
        Cache.ValueWrapper cached = searches.get(key);
        if (cached != null) {
            return (Ids) cached.get();
        }
        long seen = committedChanges.get();
        Ids ids = query(key);
        searches.put(key, ids);
        if (committedChanges.get() != seen) {
            searches.evict(key);
        }
        return ids;
    }

    /** One statement: the page and, counted over the whole selection by the window, its total. */
    private Ids query(SearchKey key) {
        List<Object> args = new ArrayList<>();
        String where = key.criteria().where(args);
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(key.limit());
        pageArgs.add(key.offset());
        long[] total = {-1};
        List<Long> ids = jdbc.query("SELECT id, COUNT(*) OVER () AS total FROM products" + where + " ORDER BY id LIMIT ? OFFSET ?",
                (rs, i) -> {
                    total[0] = rs.getLong("total");
                    return rs.getLong("id");
                }, pageArgs.toArray());
        if (total[0] < 0) {
            // past the last page (or nothing selected): the count alone
            total[0] = key.offset() == 0 ? 0 : jdbc.queryForObject("SELECT COUNT(*) FROM products" + where, Long.class, args.toArray());
        }
        return new Ids(ids, total[0]);
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
                    committedChanges.incrementAndGet();
                    evict(change);
                }
            });
        } else {
            committedChanges.incrementAndGet();
        }
    }

    private void evict(ProductChange change) {
        products.evict(change.productId());
        boolean selection = change.created() || change.changedFields().keySet().stream().anyMatch(SELECTED_ON::contains);
        if (selection) {
            dropSearchesChangedBy(change);
        }
        if (change.created() || change.changedFields().containsKey("categories") || change.changedFields().containsKey("isActive")) {
            categories.evict("all");
        }
    }

    /**
     * A search holds ids and its total: it changes only when the product joins or leaves its selection (ordered by id,
     * a product that stays selected keeps its place; its fields come from the products cache, evicted above).
     * Without the state before the change every search is dropped.
     */
    private void dropSearchesChangedBy(ProductChange change) {
        if (!change.created() && change.previousFields() == null) {
            searches.clear();
            return;
        }
        SearchCriteria.Selectable before = change.created() ? null : SearchCriteria.Selectable.of(change.previousFields());
        SearchCriteria.Selectable after = SearchCriteria.Selectable.of(change.fields());
        ((CaffeineCache) searches).getNativeCache().asMap().keySet().removeIf(k ->
                !(k instanceof SearchKey s) || s.criteria().matches(before) != s.criteria().matches(after));
    }

}
