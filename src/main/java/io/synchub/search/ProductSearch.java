package io.synchub.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.api.ApiException;
import io.synchub.api.Paging;
import io.synchub.canonical.CanonicalJson;
import io.synchub.changelog.ChangeCommitted;
import io.synchub.product.ProductChange;
import io.synchub.product.ProductStore;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
    /** Product changes that reached their commit (counted just before it), and those whose sweep after it ended. */
    private final AtomicLong committing = new AtomicLong();
    private final AtomicLong swept = new AtomicLong();

    /** One thread running dropped searches again; a short queue, what does not fit is left to its next reader. */
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(256), r -> {
        Thread t = new Thread(r, "search-refresh");
        t.setDaemon(true);
        return t;
    }, new ThreadPoolExecutor.AbortPolicy());
    /** Searches waiting in the refresher's queue: a search dropped again before its turn is not queued twice. */
    private final Set<SearchKey> queued = ConcurrentHashMap.newKeySet();
    static final int REFRESH_PER_CHANGE = 16;

    @jakarta.annotation.PreDestroy
    void stopRefreshing() {
        refresher.shutdownNow();
    }

    public ProductSearch(JdbcTemplate jdbc, CaffeineCacheManager productCacheManager) {
        this.jdbc = jdbc;
        this.manager = productCacheManager;
        this.products = productCacheManager.getCache(ProductCaches.PRODUCTS);
        this.searches = productCacheManager.getCache(ProductCaches.SEARCHES);
        this.categories = productCacheManager.getCache(ProductCaches.CATEGORIES);
    }

    /** A cached page: the ids in id order, and the size of the whole selection. */
    record Ids(List<Long> ids, long total) {

        /**
         * This page (at {@code offset}, {@code limit} long) once product {@code p} joined or left the selection, or null
         * when that cannot be told without the query (an id moves in from a neighbouring page).
         */
        Ids after(long p, boolean joins, int limit, int offset) {
            long total2 = total + (joins ? 1 : -1);
            if (ids.isEmpty()) {
                return offset >= total2 ? new Ids(ids, total2) : null; // at or past the end: p was, or is, before it
            }
            long first = ids.get(0);
            long last = ids.get(ids.size() - 1);
            boolean full = ids.size() == limit;
            int at = ids.indexOf(p);
            if (joins) {
                if (at >= 0 || (p < first && offset > 0)) {
                    return null; // already here (inconsistent), or before the page or its new first: unknown
                }
                if (p > last && full) {
                    return new Ids(ids, total2); // after the page
                }
                List<Long> n = new ArrayList<>(ids);
                int i = 0;
                while (i < n.size() && n.get(i) < p) {
                    i++;
                }
                n.add(i, p);
                if (n.size() > limit) {
                    n.remove(n.size() - 1); // pushed on to the next page
                }
                return new Ids(List.copyOf(n), total2);
            }
            if (p > last) {
                return full ? new Ids(ids, total2) : null; // after the page (not full: it was the last, p cannot follow)
            }
            if (at < 0 || total > offset + ids.size()) {
                return null; // before the page, or the first id of the next page moves in
            }
            List<Long> n = new ArrayList<>(ids);
            n.remove(at);
            return new Ids(List.copyOf(n), total2);
        }
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
        // products are cached as their JSON text: a page is joined, not serialised again on every hit
        StringBuilder out = new StringBuilder(64 + ids.ids().size() * 1024).append("{\"items\":[");
        boolean first = true;
        for (Long id : ids.ids()) {
            String p = products.get(id, () -> load(id));
            if (p != null && !p.isEmpty()) {
                out.append(first ? "" : ",").append(p);
                first = false;
            }
        }
        return out.append("],\"total\":").append(ids.total()).append(",\"limit\":").append(paging.limit())
                .append(",\"offset\":").append(paging.offset()).append('}').toString();
    }

    /**
     * The cached ids, or the query's. A result is stored with the number of changes that had reached their commit
     * when its query ended: a sweep corrects in place only results that ended before its change's commit. A result
     * stored while a change was between its commit and the end of its sweep (which may have passed it by) is dropped
     * again at once.
     */
    private Ids search(SearchKey key) {
        Cache.ValueWrapper cached = searches.get(key);
        if (cached != null) {
            return ((Held) cached.get()).ids();
        }
        return queryAndHold(key);
    }

    private Ids queryAndHold(SearchKey key) {
        long sweptBefore = swept.get();
        Ids ids = query(key);
        searches.put(key, new Held(ids, committing.get()));
        if (swept.get() != sweptBefore || committing.get() != swept.get()) {
            searches.evict(key);
        }
        return ids;
    }

    /** A cached page and how many changes had reached their commit when its query ended. */
    private record Held(Ids ids, long committingAtQueryEnd) {
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

    /** The product without stock as JSON text ({@code {"id","sku","fields"}}), empty when there is none. */
    private String load(long id) {
        List<String> rows = jdbc.query("SELECT id, sku, fields FROM products WHERE id = ? AND deleted = FALSE", (rs, i) -> {
            ObjectNode fields = (ObjectNode) CanonicalJson.parse(rs.getString("fields"));
            STOCK.forEach(fields::remove);
            ObjectNode o = CanonicalJson.object().put("id", rs.getLong("id")).put("sku", rs.getString("sku"));
            o.set("fields", fields);
            return CanonicalJson.write(o);
        }, id);
        return rows.isEmpty() ? "" : rows.get(0);
    }

    /** Every category with its product count. */
    public String categories() {
        return categories.get("all", this::countCategories);
    }

    private String countCategories() {
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
        return CanonicalJson.write(out);
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

    /**
     * A committed product change as the change log publishes it, also for changes another hub instance committed on
     * the same PostgreSQL: the product's cached fields are dropped, so a page never shows a product older than its
     * last commit. (Which searches another instance's change moved a product into or out of is not known here: those
     * follow within SYNCHUB_CACHE_PRODUCT_TTL.)
     */
    @EventListener
    public void onChangeCommitted(ChangeCommitted committed) {
        if (ProductStore.ENTITY_TYPE.equals(committed.entityType()) && committed.entityId() != null
                && committed.entityId().chars().allMatch(Character::isDigit) && !committed.entityId().isEmpty()) {
            products.evict(Long.parseLong(committed.entityId()));
        }
    }

    @Override
    public void onProductChanged(ProductChange change) {
        products.evict(change.productId());
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committing.incrementAndGet();
            List<SearchKey> dropped;
            try {
                dropped = evict(change, -1);
            } finally {
                swept.incrementAndGet();
            }
            refresh(dropped);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            private long number = -1;

            @Override
            public void beforeCommit(boolean readOnly) {
                number = committing.incrementAndGet();
            }

            @Override
            public void afterCompletion(int status) {
                if (number < 0) {
                    number = committing.incrementAndGet(); // rolled back before its commit: counted all the same
                }
                List<SearchKey> dropped = List.of();
                try {
                    if (status == STATUS_ROLLED_BACK) {
                        products.evict(change.productId());
                    } else {
                        dropped = evict(change, status == STATUS_COMMITTED ? number : -1);
                    }
                } finally {
                    swept.incrementAndGet();
                }
                refresh(dropped);
            }
        });
    }

    /**
     * Runs the searches a committed change dropped again, in the background, so the next reader of a popular search
     * finds it answered instead of running its query (a reader that comes first runs it, as before). Each is run
     * through the same path as a reader's miss, after the change's sweep, so it holds the state after the commit.
     * At most {@link #REFRESH_PER_CHANGE} per change; when the refresher is behind, the rest wait for their readers.
     */
    private void refresh(List<SearchKey> dropped) {
        for (SearchKey key : dropped.subList(0, Math.min(dropped.size(), REFRESH_PER_CHANGE))) {
            if (!queued.add(key)) {
                continue;
            }
            try {
                refresher.execute(() -> {
                    queued.remove(key);
                    try {
                        if (!((CaffeineCache) searches).getNativeCache().asMap().containsKey(key)) {
                            queryAndHold(key);
                        }
                    } catch (RuntimeException e) {
                        // the database did not answer: the search's next reader runs it (and sees the error)
                    }
                });
            } catch (RejectedExecutionException e) {
                queued.remove(key);
                return;
            }
        }
    }

    /**
     * After the commit: the product, the searches it joined or left, the counts. {@code number} is the change's place
     * among commits, -1 when its searches are only dropped.
     */
    private List<SearchKey> evict(ProductChange change, long number) {
        products.evict(change.productId());
        boolean selection = change.created() || change.changedFields().keySet().stream().anyMatch(SELECTED_ON::contains);
        List<SearchKey> dropped = selection ? sweepSearches(change, number) : List.of();
        if (change.created() || change.changedFields().containsKey("categories") || change.changedFields().containsKey("isActive")) {
            categories.evict("all");
        }
        return dropped;
    }

    /**
     * A search holds ids and its total: it changes only when the product joins or leaves its selection (ordered by id,
     * a product that stays selected keeps its place; its fields come from the products cache, evicted above). Such a
     * page is corrected in place when that is certain, else dropped. Certain means: the product falls after the page
     * or on the last one ({@link Ids#after}), the page's query ended before this change's commit, and no other change
     * is between its commit and the end of its sweep (so corrections apply in commit order). Without the state before
     * the change every search is dropped.
     */
    private List<SearchKey> sweepSearches(ProductChange change, long number) {
        if (!change.created() && change.previousFields() == null) {
            searches.clear();
            return List.of();
        }
        List<SearchKey> dropped = new ArrayList<>();
        SearchCriteria.Selectable before = change.created() ? null : SearchCriteria.Selectable.of(change.previousFields());
        SearchCriteria.Selectable after = SearchCriteria.Selectable.of(change.fields());
        boolean alone = number > 0 && committing.get() == swept.get() + 1;
        long p = change.productId();
        var held = ((CaffeineCache) searches).getNativeCache().asMap();
        for (Object k : held.keySet()) {
            if (!(k instanceof SearchKey s)) {
                held.remove(k);
                continue;
            }
            boolean was = s.criteria().matches(before);
            boolean is = s.criteria().matches(after);
            if (was == is) {
                continue;
            }
            if (alone) {
                Object kept = held.computeIfPresent(k, (key, v) -> v instanceof Held h && h.committingAtQueryEnd() < number
                        ? wrap(h.ids().after(p, is, s.limit(), s.offset())) : null);
                if (kept == null) {
                    dropped.add(s);
                }
            } else if (held.remove(k) != null) {
                dropped.add(s);
            }
        }
        return dropped;
    }

    private Held wrap(Ids corrected) {
        return corrected == null ? null : new Held(corrected, 0);
    }
}
