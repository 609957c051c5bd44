package io.synchub.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.synchub.canonical.CanonicalJson;
import io.synchub.echo.EchoLedger;
import io.synchub.support.HubTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProductWrites#applyInOrder} (a run's writes, their products read and locked together, their rows written
 * together) ends where {@link ProductStore#apply} one write after the other ends, on the real database: the rows, the
 * sync log, and what the echo filter notes on a product between two writes of the same run.
 */
class ProductWritesTest extends HubTestSupport {

    @Autowired
    ProductWrites productWrites;
    @Autowired
    ProductStore store;
    @Autowired
    EchoLedger ledger;

    @Test
    void aRunEndsWhereTheSameWritesOneByOneEnd() {
        for (String client : List.of("one-by-one", "run")) {
            store.apply(write(client, "V-1", "SKU-1", "one", 10));
            store.apply(write(client, "V-2", "SKU-2", "two", 20));
            store.apply(write(client, null, "SKU-3", "three", 30));
        }
        List<ProductWrite> sequence = new ArrayList<>();
        for (String client : List.of("one-by-one", "run")) {
            sequence.clear();
            sequence.add(write(client, "V-1", "SKU-1", "one renamed", 11));   // known, read and locked by the run
            sequence.add(write(client, "V-2", "SKU-2", "two", 20));           // known, no change
            sequence.add(write(client, "V-1", "SKU-1", "one again", 12));     // the product an earlier write changed
            sequence.add(write(client, "V-3", "SKU-3", "three linked", 31));  // known by SKU only: gets the link
            sequence.add(write(client, "V-4", "SKU-4", "four", 40));          // new
            sequence.add(write(client, "V-4", "SKU-4", "four renamed", 41));  // the product the run just created
            if (client.equals("run")) {
                productWrites.applyInOrder(sequence);
            } else {
                sequence.forEach(store::apply);
            }
        }
        assertThat(rows("run")).isEqualTo(rows("one-by-one"));
        assertThat(log("run")).isEqualTo(log("one-by-one")).hasSize(8);
        assertThat(rows("run").get(0)).contains("one again", "12");
    }

    @Test
    void anEchoAfterAnEarlierWriteOfTheRunIsNotedOnTheChangedProduct() {
        store.apply(shopify("Shirt", 10));
        ledger.recordPush("SHOPIFY", "shop", "V-9", CanonicalJson.object().put("netSalesPrice", 12));

        productWrites.applyInOrder(List.of(shopify("Shirt renamed", 10), shopify("Shirt renamed", 12)));

        assertThat(nameOf("SKU-9")).isEqualTo("Shirt renamed");
        assertThat(seen("SKU-9", "netSalesPrice").decimalValue())
                .as("the echo's value is noted as what Shopify holds, after the run's first write changed the product")
                .isEqualByComparingTo("12");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM sync_log WHERE action = 'echo_skipped'", Long.class)).isEqualTo(1);
    }

    @Test
    void anEchoAsARunsFirstWriteOfAProductIsNotUndoneByTheProductAsTheRunReadIt() {
        store.apply(shopify("Shirt", 10));
        ledger.recordPush("SHOPIFY", "shop", "V-9", CanonicalJson.object().put("netSalesPrice", 12));

        productWrites.applyInOrder(List.of(shopify("Shirt renamed", 12)));

        assertThat(nameOf("SKU-9")).isEqualTo("Shirt renamed");
        assertThat(seen("SKU-9", "netSalesPrice").decimalValue()).isEqualByComparingTo("12");
    }

    private static ProductWrite write(String client, String variant, String sku, String name, double price) {
        ObjectNode fields = CanonicalJson.object().put("name", name).put("netSalesPrice", price);
        ProductLink link = variant == null ? null : new ProductLink("PLOOMES", variant, variant, null);
        return new ProductWrite(client, "PLOOMES", link, sku, null, fields, true, null);
    }

    private static ProductWrite shopify(String name, double price) {
        ObjectNode fields = CanonicalJson.object().put("name", name).put("netSalesPrice", price);
        return new ProductWrite("shop", "SHOPIFY", new ProductLink("SHOPIFY", "P-9", "V-9", null), "SKU-9", null, fields, true, null);
    }

    /** Each product of a client, by SKU: what it holds and what it saw from each origin (ids and times left out). */
    private List<String> rows(String client) {
        return jdbc.query("SELECT sku, name, fields, origin_values, version, sync_status FROM products WHERE client_id = ? ORDER BY sku",
                (rs, i) -> String.join(" | ", rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)), client);
    }

    private List<Map<String, Object>> log(String client) {
        return jdbc.queryForList("SELECT p.sku, l.action, l.changed_fields, l.old_values, l.new_values FROM sync_log l "
                + "JOIN products p ON p.id = l.product_id WHERE p.client_id = ? ORDER BY l.id", client);
    }

    private String nameOf(String sku) {
        return jdbc.queryForObject("SELECT name FROM products WHERE sku = ?", String.class, sku);
    }

    private JsonNode seen(String sku, String field) {
        String json = jdbc.queryForObject("SELECT origin_values FROM products WHERE sku = ?", String.class, sku);
        return CanonicalJson.parse(json).path(field).path("SHOPIFY");
    }
}
