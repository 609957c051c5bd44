package io.synchub.bench;

import io.platformsim.core.CatalogueSpec;
import io.synchub.platform.woocommerce.WooCommerceReconciliation;
import org.springframework.beans.factory.annotation.Autowired;

/** What the two full-pull benchmarks share: DESIGN §7's catalogue of 11,793 WooCommerce products and the hub's pull. */
abstract class FullPullBenchSupport extends SimulatedWooBenchSupport {

    static final int PRODUCTS = Integer.getInteger("bench.pull.products", 11_793);
    static final int PAGES = (PRODUCTS + 99) / 100;
    static final CatalogueSpec CATALOGUE = new CatalogueSpec(PRODUCTS, 42, 0.0, 1);

    @Autowired
    WooCommerceReconciliation reconciliation;

    /** A report named {@code name} with the catalogue and the rate limit it ran against. */
    static BenchReport report(String name, String rateLimit) {
        return new BenchReport(name)
                .setting("catalogue", PRODUCTS + " simple WooCommerce products with SKUs, " + PAGES + " pages of 100")
                .setting("rate limit", rateLimit);
    }
}
