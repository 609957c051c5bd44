package io.synchub.product;

import io.synchub.echo.EchoFilter;
import io.synchub.echo.EchoLedger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The writes of a run of deliveries, applied in their order exactly as {@code apply-product-write} applies one: each
 * write's echoed and stale fields are taken out (which may note what the platform holds on its product), then the rest
 * is merged and stored. What the run shares is read once for the whole run, before its first write: the products its
 * writes name by variant link, looked up and locked ({@link ProductStore#lockLinked}), and the hub's pushes of the echo
 * window to those variants ({@link EchoLedger#pushesOf}); and a write about a product no one knows yet (which the hub
 * cannot have pushed to) is inserted with the run's other new products, as {@link ProductStore#applyAll} does.
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
        EchoLedger.RunPushes pushes = echoFilter.pushesOf(writes);
        List<ApplyResult> results = new ArrayList<>(Collections.nCopies(writes.size(), (ApplyResult) null));
        for (int i = 0; i < writes.size(); i++) {
            ProductWrite write = writes.get(i);
            // a product no one knows yet, which the hub cannot have pushed to: inserted with the run's other new ones
            if (!pushes.mayEcho(write) && store.queueIfNew(i, write, linked)) {
                continue;
            }
            store.insertQueued(linked, results);
            if (pushes.mayEcho(write)) {
                // an echo is noted on the product from the database: the rows the run changed so far go first
                store.flush(linked);
            }
            ProductWrite rest = echoFilter.withoutEchoesInRun(write, pushes);
            if (rest != write) {
                // the echo check found echoed or stale fields and may have noted them on the product
                linked.forget(write);
            }
            results.set(i, store.applyInRun(rest, linked));
        }
        store.insertQueued(linked, results);
        store.flush(linked);
        return results;
    }
}
