package io.synchub.search;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.synchub.ownership.DurationText;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cache.Cache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The memory caches of product search (Caffeine through Spring's cache abstraction, so their hits and misses appear
 * in the metrics as {@code cache.gets}): products and search results live SYNCHUB_CACHE_PRODUCT_TTL (5m), category
 * counts SYNCHUB_CACHE_CATEGORY_TTL (10m), at most SYNCHUB_CACHE_MAX_ENTRIES (10,000) each.
 */
@Configuration
public class ProductCaches {

    public static final String PRODUCTS = "products", SEARCHES = "productSearches", CATEGORIES = "productCategories";

    @Bean
    public CaffeineCacheManager productCacheManager(@Value("${SYNCHUB_CACHE_PRODUCT_TTL:5m}") String productTtl,
                                                    @Value("${SYNCHUB_CACHE_CATEGORY_TTL:10m}") String categoryTtl,
                                                    @Value("${SYNCHUB_CACHE_MAX_ENTRIES:10000}") long maxEntries) {
        CaffeineCacheManager m = new CaffeineCacheManager();
        m.setAllowNullValues(false);
        for (String name : new String[]{PRODUCTS, SEARCHES}) {
            m.registerCustomCache(name, Caffeine.newBuilder().expireAfterWrite(DurationText.parse(productTtl))
                    .maximumSize(maxEntries).recordStats().build());
        }
        m.registerCustomCache(CATEGORIES, Caffeine.newBuilder().expireAfterWrite(DurationText.parse(categoryTtl))
                .maximumSize(maxEntries).recordStats().build());
        return m;
    }

    static Cache cache(CaffeineCacheManager m, String name) {
        return m.getCache(name);
    }
}
