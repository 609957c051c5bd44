package io.synchub.search;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.cache.caffeine.CaffeineCache;
import org.springframework.cache.caffeine.CaffeineCacheManager;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The product search caches in Prometheus, tagged {@code cache} (products, productSearches, productCategories): hits and
 * misses as counters ({@code synchub_cache_hits_total}, {@code synchub_cache_misses_total}; a dashboard takes the hit
 * rate over a window from their rates), the hit ratio since start ({@code synchub_cache_hit_ratio}) and the entries
 * held ({@code synchub_cache_size}). Read from Caffeine's own statistics: a scrape touches no table.
 */
@Component
class CacheMetrics {

    CacheMetrics(MeterRegistry registry, CaffeineCacheManager productCacheManager) {
        for (String name : List.of(ProductCaches.PRODUCTS, ProductCaches.SEARCHES, ProductCaches.CATEGORIES)) {
            Cache<Object, Object> cache = ((CaffeineCache) productCacheManager.getCache(name)).getNativeCache();
            FunctionCounter.builder("synchub_cache_hits", cache, c -> c.stats().hitCount()).description("cache hits")
                    .tag("cache", name).register(registry);
            FunctionCounter.builder("synchub_cache_misses", cache, c -> c.stats().missCount()).description("cache misses")
                    .tag("cache", name).register(registry);
            Gauge.builder("synchub_cache_hit_ratio", cache, c -> c.stats().requestCount() == 0 ? Double.NaN : c.stats().hitRate())
                    .description("share of lookups the cache answered, since start").tag("cache", name).register(registry);
            Gauge.builder("synchub_cache_size", cache, Cache::estimatedSize).description("entries held")
                    .tag("cache", name).register(registry);
        }
    }
}
