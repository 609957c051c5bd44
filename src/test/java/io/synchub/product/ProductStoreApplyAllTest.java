package io.synchub.product;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProductStore#applyAll} gives what {@link ProductStore#apply} one write after the other gives, with the new
 * products written together: on the real database (H2 and PostgreSQL), the store's rows, links and results.
 */
class ProductStoreApplyAllTest extends HubTestSupport {

    private static final String CLIENT = "default";

    @Autowired
    ProductStore store;

    @Test
    void newKnownAndRepeatedProductsInOneCallEndAsOneByOne() {
        ApplyResult knownByLink = store.apply(write("P-1", "SKU-1", "first name", 10));
        ApplyResult knownBySku = store.apply(write(null, "SKU-2", "second name", 20));

        List<ApplyResult> results = store.applyAll(List.of(
                write("P-3", "SKU-3", "new three", 30),       // new
                write("P-1", "SKU-1", "renamed one", 11),     // known by its link
                write("P-2", "SKU-2", "second name", 21),     // known by SKU only: gets the link
                write("P-4", "SKU-4", "new four", 40),        // new
                write("P-5", "SKU-4", "four again", 41),      // same SKU as the write before it, other link
                write("P-6", null, "no sku", 60),             // new without SKU
                write("P-4", "SKU-4", "four once more", 42))); // the link the same call created

        assertThat(results).extracting(ApplyResult::created).containsExactly(true, false, false, true, false, true, false);
        assertThat(results.get(1).productId()).isEqualTo(knownByLink.productId());
        assertThat(results.get(2).productId()).isEqualTo(knownBySku.productId());
        assertThat(results.get(4).productId()).isEqualTo(results.get(3).productId());
        assertThat(results.get(6).productId()).isEqualTo(results.get(3).productId());

        assertThat(count("SELECT COUNT(*) FROM products")).isEqualTo(5);
        assertThat(nameOf(results.get(0).productId())).isEqualTo("new three");
        assertThat(nameOf(knownByLink.productId())).isEqualTo("renamed one");
        assertThat(nameOf(results.get(3).productId())).isEqualTo("four once more");
        assertThat(nameOf(results.get(5).productId())).isEqualTo("no sku");
        assertThat(linkedProduct("P-2")).isEqualTo(knownBySku.productId());
        assertThat(linkedProduct("P-5")).isEqualTo(results.get(3).productId());
        assertThat(linkedProduct("P-6")).isEqualTo(results.get(5).productId());
        // every product created or changed is in the change log and the sync log like a write applied alone
        assertThat(count("SELECT COUNT(*) FROM sync_log WHERE action = 'created'")).isEqualTo(5);
        assertThat(count("SELECT COUNT(*) FROM change_log WHERE entity_type = 'products' AND change_type = 'create'")).isEqualTo(5);
    }

    @Test
    void aRolledBackCallLeavesNothing() {
        try {
            new org.springframework.transaction.support.TransactionTemplate(txManager).executeWithoutResult(tx -> {
                store.applyAll(List.of(write("P-7", "SKU-7", "seven", 70), write("P-8", "SKU-8", "eight", 80)));
                tx.setRollbackOnly();
            });
        } finally {
            assertThat(count("SELECT COUNT(*) FROM products")).isZero();
            assertThat(count("SELECT COUNT(*) FROM product_links")).isZero();
        }
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager txManager;

    private static ProductWrite write(String ploomesId, String sku, String name, double price) {
        ObjectNode fields = CanonicalJson.object().put("name", name).put("netSalesPrice", price);
        ProductLink link = ploomesId == null ? null : new ProductLink("PLOOMES", ploomesId, ploomesId, null);
        return new ProductWrite(CLIENT, "PLOOMES", link, sku, null, fields, true, null);
    }

    private long count(String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }

    private String nameOf(long id) {
        return jdbc.queryForObject("SELECT name FROM products WHERE id = ?", String.class, id);
    }

    private Long linkedProduct(String ploomesId) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT product_id FROM product_links WHERE platform = 'PLOOMES' "
                + "AND external_variant_id = ?", ploomesId);
        return rows.isEmpty() ? null : ((Number) rows.get(0).get("product_id")).longValue();
    }
}
