package io.synchub.product;

import io.synchub.echo.EchoFilter;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.List;

/**
 * The writes of a run of deliveries, applied in their order exactly as {@code apply-product-write} applies one: each
 * write's echoed and stale fields are taken out (which may note what the platform holds on its product), then the rest
 * is merged and stored. What the run shares is the lookup and the lock of the products its writes name by variant
 * link, made once for the whole run before the first write ({@link ProductStore#lockLinked}).
 */
@Component("productWrites")
public class ProductWrites {

    private final EchoFilter echoFilter;
    private final ProductStore store;

    public ProductWrites(EchoFilter echoFilter, ProductStore store) {
        this.echoFilter = echoFilter;
        this.store = store;
    }

    @Transactional
    public List<ApplyResult> applyInOrder(List<ProductWrite> writes) {
        ProductStore.LinkedProducts linked = store.lockLinked(writes);
        List<ApplyResult> results = new ArrayList<>(writes.size());
        for (ProductWrite write : writes) {
            ProductWrite rest = echoFilter.withoutEchoes(write);
            if (rest != write) {
                // the echo check found echoed or stale fields and may have noted them on the product
                linked.forget(write);
            }
            results.add(store.applyInRun(rest, linked));
        }
        return results;
    }
}
