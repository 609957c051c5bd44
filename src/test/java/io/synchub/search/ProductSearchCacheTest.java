package io.synchub.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.product.ProductStore;
import io.synchub.product.ProductWrite;
import io.synchub.support.HubClient;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.caffeine.CaffeineCacheManager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product search cache after writes: a rename is found by its new name and no longer by its old one at once,
 * searches the product neither joins nor leaves stay cached (and show its new fields), stock never comes from the
 * cache, and the in-memory selection test agrees with the SQL one on every criterion.
 */
class ProductSearchCacheTest extends HubTestSupport {

    @Autowired
    ProductStore store;
    @Autowired
    ProductSearch search;
    @Autowired
    CaffeineCacheManager productCacheManager;

    private final List<Long> ids = new ArrayList<>();

    @BeforeEach
    void catalogue() {
        // the store was emptied (ids start again at 1): nothing cached before belongs to these products
        for (String name : List.of(ProductCaches.PRODUCTS, ProductCaches.SEARCHES, ProductCaches.CATEGORIES)) {
            productCacheManager.getCache(name).clear();
        }
        ids.clear();
        for (int i = 0; i < 30; i++) {
            ObjectNode f = CanonicalJson.object().put("name", (i % 3 == 0 ? "Compressor " : "Dryer ") + i)
                    .put("productType", i % 10 == 0 ? "service" : "product")
                    .put("vendor", i % 2 == 0 ? "Atlas Copco" : "Ingersoll Rand")
                    .put("available", 5);
            f.putArray("categories").add(i % 2 == 0 ? "atlas" : "ingersoll").add("omie");
            ids.add(store.apply(new ProductWrite("default", "NOLIMITS", null, "SKU-" + i, null, f, true, null)).productId());
        }
    }

    private JsonNode get(String path) {
        HubClient.Response r = hub.get(path);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private List<String> names(JsonNode page) {
        List<String> names = new ArrayList<>();
        page.get("items").forEach(p -> names.add(p.at("/fields/name").asText()));
        return names;
    }

    private long cachedSearches() {
        return ((org.springframework.cache.caffeine.CaffeineCache) productCacheManager.getCache(ProductCaches.SEARCHES))
                .getNativeCache().asMap().size();
    }

    private long searchMisses() {
        return search.stats().at("/productSearches/misses").asLong();
    }

    @Test
    void aRenameIsFoundByItsNewNameAtOnceAndSearchesItStaysInKeepTheirPlace() {
        long renamed = ids.get(3); // "Compressor 3", ingersoll, product
        assertThat(get("/api/sync/products/search?q=compressor&limit=50").get("total").asInt()).isEqualTo(10);
        assertThat(get("/api/sync/products/search?q=zebra&limit=50").get("total").asInt()).isZero();
        JsonNode ingersoll = get("/api/sync/products/search?category=ingersoll&limit=5");
        assertThat(names(ingersoll)).contains("Compressor 3");
        get("/api/v1/products?type=product&limit=5");
        long misses = searchMisses();
        assertThat(get("/api/sync/products/search?q=compressor&limit=50").get("total").asInt()).isEqualTo(10);
        assertThat(searchMisses()).as("answered from the cache").isEqualTo(misses);

        long held = cachedSearches();
        HubClient.Response patched = hub.patch("/api/v1/products/" + renamed, "{\"name\":\"Zebra pump\"}");
        assertThat(patched.status()).as(patched.body()).isEqualTo(200);
        // q=zebra held an empty page the rename cannot correct in place: dropped, and run again in the background
        HubClient.await(java.time.Duration.ofSeconds(10), "the dropped search run again", () -> cachedSearches() == held);

        JsonNode byNew = get("/api/sync/products/search?q=zebra&limit=50");
        assertThat(byNew.get("total").asInt()).isEqualTo(1);
        assertThat(names(byNew)).containsExactly("Zebra pump");
        JsonNode byOld = get("/api/sync/products/search?q=compressor&limit=50");
        assertThat(byOld.get("total").asInt()).isEqualTo(9);
        assertThat(names(byOld)).doesNotContain("Zebra pump").allMatch(n -> n.startsWith("Compressor"));
        long afterDropped = searchMisses();
        // q=compressor (one page holding all 10) is corrected in place; q=zebra was run again before its reader came
        assertThat(afterDropped - misses).as("no reader ran a search the rename changed").isZero();

        // still selected by category and type: served from the cache, with the product's new name
        JsonNode ingersollAfter = get("/api/sync/products/search?category=ingersoll&limit=5");
        assertThat(names(ingersollAfter)).contains("Zebra pump").doesNotContain("Compressor 3");
        assertThat(ingersollAfter.get("total")).isEqualTo(ingersoll.get("total"));
        get("/api/v1/products?type=product&limit=5");
        assertThat(searchMisses()).as("searches the product stayed in are kept").isEqualTo(afterDropped);

        // a brand change moves it between brand lists
        get("/api/v1/products?brand=Atlas%20Copco&limit=50");
        int rand = get("/api/v1/products?brand=Ingersoll%20Rand&limit=50").get("total").asInt();
        assertThat(hub.patch("/api/v1/products/" + renamed, "{\"vendor\":\"Atlas Copco\"}").status()).isEqualTo(200);
        assertThat(get("/api/v1/products?brand=Ingersoll%20Rand&limit=50").get("total").asInt()).isEqualTo(rand - 1);
        assertThat(names(get("/api/v1/products?brand=Atlas%20Copco&limit=50"))).contains("Zebra pump");
    }

    @Test
    void stockIsNeverServedFromTheCacheAndTheLiveValueStaysInTheStore() {
        long id = ids.get(0);
        JsonNode first = get("/api/sync/products/search?q=compressor%200&limit=5");
        assertThat(first.get("items")).isNotEmpty();
        assertThat(hub.patch("/api/v1/products/" + id, "{\"available\":17}").status()).isEqualTo(200);
        for (JsonNode item : get("/api/sync/products/search?q=compressor%200&limit=5").get("items")) {
            assertThat(item.get("fields").has("available")).isFalse();
            assertThat(item.get("fields").has("reserved")).isFalse();
        }
        assertThat(get("/api/v1/products/" + id).toString()).contains("17");
    }

    @Test
    void everyRenameIsSearchableByItsNewNameOnTheNextRequest() {
        get("/api/sync/products/search?q=dryer&limit=50");
        for (int round = 0; round < 20; round++) {
            long id = ids.get(1 + round % 20);
            String name = "Renamed " + round + " x" + id;
            assertThat(hub.patch("/api/v1/products/" + id, "{\"name\":\"" + name + "\"}").status()).isEqualTo(200);
            assertThat(names(get("/api/sync/products/search?q=" + ("renamed%20" + round + "%20x" + id) + "&limit=5")))
                    .containsExactly(name);
            assertThat(names(get("/api/sync/products/search?q=dryer&limit=50"))).doesNotContain(name);
        }
    }

    @Test
    void searchesReadWhileRenamesCommitHoldWhatTheStoreHoldsOnceTheWritesStop() throws Exception {
        List<String> kinds = new ArrayList<>();
        for (String q : List.of("compressor", "dryer", "")) {
            for (int offset = 0; offset <= 10; offset += 5) {
                kinds.add("/api/sync/products/search?q=" + q + "&limit=5&offset=" + offset);
                kinds.add("/api/sync/products/search?q=" + q + "&category=atlas&limit=5&offset=" + offset);
            }
        }
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            int seed = t;
            Thread reader = new Thread(() -> {
                Random random = new Random(seed);
                HubClient client = new HubClient("http://localhost:" + port, API_KEY);
                while (!stop.get()) {
                    if (client.get(kinds.get(random.nextInt(kinds.size()))).status() != 200) {
                        failures.incrementAndGet();
                    }
                }
            });
            reader.start();
            readers.add(reader);
        }
        Random random = new Random(5);
        for (int i = 0; i < 40; i++) {
            int n = random.nextInt(ids.size());
            String name = (random.nextBoolean() ? "Compressor " : "Dryer ") + "r" + i;
            assertThat(hub.patch("/api/v1/products/" + ids.get(n), "{\"name\":\"" + name + "\"}").status()).isEqualTo(200);
        }
        stop.set(true);
        for (Thread reader : readers) {
            reader.join(30_000);
        }
        assertThat(failures.get()).isZero();
        Map<String, JsonNode> cached = new java.util.HashMap<>();
        for (String kind : kinds) {
            cached.put(kind, get(kind));
        }
        productCacheManager.getCache(ProductCaches.SEARCHES).clear();
        productCacheManager.getCache(ProductCaches.PRODUCTS).clear();
        for (String kind : kinds) {
            assertThat(cached.get(kind)).as(kind).isEqualTo(get(kind));
        }
    }

    @Autowired
    org.springframework.context.ApplicationEventPublisher events;

    @Test
    void aProductAnotherInstanceCommittedIsNotServedFromTheCacheOnceItsChangeIsPublished() {
        long id = ids.get(6);
        assertThat(names(get("/api/sync/products/search?q=compressor%206&limit=5"))).containsExactly("Compressor 6");
        // another instance's commit: the row changes under this hub, then the change log publishes it here
        ObjectNode fields = (ObjectNode) CanonicalJson.parse(jdbc.queryForObject("SELECT fields FROM products WHERE id = ?", String.class, id));
        fields.put("description", "edited elsewhere");
        jdbc.update("UPDATE products SET fields = ? WHERE id = ?", CanonicalJson.write(fields), id);
        assertThat(get("/api/sync/products/search?q=compressor%206&limit=5").at("/items/0/fields/description").isMissingNode())
                .as("not told yet: still the cached product").isTrue();
        events.publishEvent(new io.synchub.changelog.ChangeCommitted(1, ProductStore.ENTITY_TYPE, String.valueOf(id), null,
                "update", "NOLIMITS", java.time.Instant.now()));
        assertThat(get("/api/sync/products/search?q=compressor%206&limit=5").at("/items/0/fields/description").asText())
                .isEqualTo("edited elsewhere");
    }

    @Test
    void theInMemorySelectionAgreesWithTheSql() {
        List<SearchCriteria> criteria = new ArrayList<>();
        for (String q : new String[]{null, "compressor", "dryer 1", "sku-2", "%", "_"}) {
            for (String category : new String[]{null, "atlas", "omie", "atl"}) {
                for (String type : new String[]{null, "service", "product"}) {
                    for (String brand : new String[]{null, "Atlas Copco", "Atlas"}) {
                        criteria.add(SearchCriteria.of(q, category, type, brand));
                    }
                }
            }
        }
        Map<Long, SearchCriteria.Selectable> products = new java.util.HashMap<>();
        jdbc.query("SELECT id, fields FROM products", rs -> {
            products.put(rs.getLong(1), SearchCriteria.Selectable.of(CanonicalJson.parse(rs.getString(2))));
        });
        Set<Integer> nonEmpty = new HashSet<>();
        for (SearchCriteria c : criteria) {
            List<Object> args = new ArrayList<>();
            Set<Long> bySql = new TreeSet<>(jdbc.queryForList("SELECT id FROM products" + c.where(args), Long.class, args.toArray()));
            Set<Long> inMemory = new TreeSet<>();
            products.forEach((id, p) -> {
                if (c.matches(p)) {
                    inMemory.add(id);
                }
            });
            assertThat(inMemory).as(c.toString()).isEqualTo(bySql);
            nonEmpty.add(bySql.size());
            assertThat(c.matches(null)).isFalse();
        }
        assertThat(nonEmpty).as("the criteria select different sets").hasSizeGreaterThan(5);
    }
}
